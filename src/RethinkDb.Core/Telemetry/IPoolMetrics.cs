namespace RethinkDb.Telemetry;

/// <summary>What the observable instruments ask a data source.</summary>
internal interface IPoolMetrics
{
    string Name { get; }

    int MaxConnections { get; }

    PoolCounts CountConnections();

    /// <summary>The data source's nodes with their states (the per-node up/down gauge).</summary>
    IEnumerable<RethinkDbNode> Nodes { get; }
}

/// <summary>Open connections with nothing running (idle), with leases or queries (used), and queries awaiting answers.</summary>
internal readonly record struct PoolCounts(int Idle, int Used, int Pending);
