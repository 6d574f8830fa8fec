namespace RethinkDb;

/// <summary>The repair mode of <c>reconfigure</c> (the <c>emergency_repair</c> optarg).</summary>
public enum EmergencyRepair
{
    /// <summary>Repair by keeping the replicas still available (<c>"unsafe_rollback"</c> on the wire).</summary>
    UnsafeRollback,

    /// <summary>As UnsafeRollback, erasing shards with no replica left (<c>"unsafe_rollback_or_erase"</c> on the wire).</summary>
    UnsafeRollbackOrErase,
}
