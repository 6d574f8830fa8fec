namespace RethinkDb;

/// <summary>What a <see cref="RethinkDbDataSource"/> knows about one server (node) of its cluster.</summary>
public enum RethinkDbNodeState
{
    /// <summary>No socket is open to the node and none has failed: not used yet, or a socket is opening.</summary>
    Unknown = 0,

    /// <summary>At least one socket to the node is open: queries go there.</summary>
    Up,

    /// <summary>
    /// The last connection attempt failed: no query goes there; the data source tries again in the background after
    /// a backoff (<see cref="ConnectionOptions.ReconnectDelay"/> doubling up to <see cref="ConnectionOptions.MaxReconnectDelay"/>).
    /// </summary>
    Down,
}
