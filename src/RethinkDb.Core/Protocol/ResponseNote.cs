namespace RethinkDb;

/// <summary>Entries of the <c>n</c> field of a response (<c>Response.ResponseNote</c> in ql2.proto).</summary>
public enum ResponseNote
{
    /// <summary>No note.</summary>
    None = 0,

    /// <summary>The stream is a changefeed over a sequence.</summary>
    SequenceFeed = 1,

    /// <summary>The stream is a changefeed over a single document.</summary>
    AtomFeed = 2,

    /// <summary>The stream is a changefeed over an <c>orderBy().limit()</c>.</summary>
    OrderByLimitFeed = 3,

    /// <summary>The stream is a union of several feeds.</summary>
    UnionedFeed = 4,

    /// <summary>The feed includes state documents (<c>include_states</c>).</summary>
    IncludesStates = 5,
}
