namespace RethinkDb;

/// <summary>The optional arguments of <c>tableCreate</c>.</summary>
/// <example><code>
/// R.Db("marvel").TableCreate("heroes", new TableCreateOptions { PrimaryKey = "name", Shards = 2, Replicas = 3 })
/// </code></example>
public sealed class TableCreateOptions : ReqlOptArgs
{
    /// <summary><c>primary_key</c>: the primary key field (<c>"id"</c> by default).</summary>
    public string? PrimaryKey { get; init; }

    /// <summary><c>durability</c>: the table's default write durability.</summary>
    public Durability? Durability { get; init; }

    /// <summary><c>shards</c>: the number of shards (1 to 64).</summary>
    public int? Shards { get; init; }

    /// <summary><c>replicas</c>: replicas in all, or per server tag.</summary>
    public ReplicaCount? Replicas { get; init; }

    /// <summary><c>primary_replica_tag</c>: the tag whose servers hold the primary replicas (with per-tag replicas).</summary>
    public string? PrimaryReplicaTag { get; init; }

    /// <summary><c>nonvoting_replica_tags</c>: tags whose replicas do not vote.</summary>
    public IReadOnlyList<string>? NonvotingReplicaTags { get; init; }

    private protected override void Collect(OptArgCollector into)
    {
        into.Add("primary_key", PrimaryKey);
        into.Add("durability", Durability);
        into.Add("shards", Shards);
        into.Add("replicas", Replicas?.Value);
        into.Add("primary_replica_tag", PrimaryReplicaTag);
        into.Add("nonvoting_replica_tags", NonvotingReplicaTags);
    }
}
