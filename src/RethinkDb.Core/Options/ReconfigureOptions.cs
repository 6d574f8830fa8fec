namespace RethinkDb;

/// <summary>The optional arguments of <c>reconfigure</c> (the server requires <see cref="Shards"/> and
/// <see cref="Replicas"/> unless <see cref="EmergencyRepair"/> is set).</summary>
public sealed class ReconfigureOptions : ReqlOptArgs
{
    /// <summary><c>shards</c>: the number of shards.</summary>
    public int? Shards { get; init; }

    /// <summary><c>replicas</c>: replicas in all, or per server tag.</summary>
    public ReplicaCount? Replicas { get; init; }

    /// <summary><c>primary_replica_tag</c>: the tag whose servers hold the primary replicas.</summary>
    public string? PrimaryReplicaTag { get; init; }

    /// <summary><c>nonvoting_replica_tags</c>: tags whose replicas do not vote.</summary>
    public IReadOnlyList<string>? NonvotingReplicaTags { get; init; }

    /// <summary><c>dry_run</c>: compute the new configuration without applying it.</summary>
    public bool? DryRun { get; init; }

    /// <summary><c>emergency_repair</c>: repair a table that lost a majority of replicas.</summary>
    public EmergencyRepair? EmergencyRepair { get; init; }

    private protected override void Collect(OptArgCollector into)
    {
        into.Add("shards", Shards);
        into.Add("replicas", Replicas?.Value);
        into.Add("primary_replica_tag", PrimaryReplicaTag);
        into.Add("nonvoting_replica_tags", NonvotingReplicaTags);
        into.Add("dry_run", DryRun);
        into.Add("emergency_repair", EmergencyRepair is { } repair ? OptArgCollector.WireName(repair) : null);
    }
}
