namespace RethinkDb;

/// <summary>The readiness <c>wait</c> waits for (the <c>wait_for</c> optarg).</summary>
public enum WaitFor
{
    /// <summary>Outdated reads possible (<c>"ready_for_outdated_reads"</c> on the wire).</summary>
    ReadyForOutdatedReads,

    /// <summary>Up-to-date reads possible (<c>"ready_for_reads"</c> on the wire).</summary>
    ReadyForReads,

    /// <summary>Writes possible (<c>"ready_for_writes"</c> on the wire).</summary>
    ReadyForWrites,

    /// <summary>Every replica ready (<c>"all_replicas_ready"</c> on the wire).</summary>
    AllReplicasReady,
}
