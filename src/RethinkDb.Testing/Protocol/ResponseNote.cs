namespace RethinkDb.Testing;

/// <summary>
/// Entries of the <c>n</c> field of a response (<c>Response.ResponseNote</c> in ql2.proto), as the test server
/// writes them. Inside the test server this name stands for this enum, not the driver's <see cref="RethinkDb.ResponseNote"/>.
/// </summary>
internal enum ResponseNote
{
    /// <summary>No note.</summary>
    None = 0,

    /// <summary><c>SEQUENCE_FEED</c>: the stream is a changefeed over a sequence.</summary>
    SequenceFeed = 1,

    /// <summary><c>ATOM_FEED</c>: the stream is a changefeed over a single document.</summary>
    AtomFeed = 2,

    /// <summary><c>ORDER_BY_LIMIT_FEED</c>: the stream is a changefeed over an <c>orderBy().limit()</c>.</summary>
    OrderByLimitFeed = 3,

    /// <summary><c>UNIONED_FEED</c>: the stream is a union of several feeds.</summary>
    UnionedFeed = 4,

    /// <summary><c>INCLUDES_STATES</c>: the feed includes state documents (<c>include_states</c>).</summary>
    IncludesStates = 5,
}
