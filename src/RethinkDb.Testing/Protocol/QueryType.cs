namespace RethinkDb.Testing;

/// <summary>
/// The first element of a query frame's JSON body (<c>Query.QueryType</c> in ql2.proto). The test server keeps its
/// own copy of the wire numbers so that it ships apart from the driver's internals; a test checks it against the
/// driver's.
/// </summary>
internal enum QueryType
{
    /// <summary>Not a query type: what an unknown number is read as.</summary>
    None = 0,

    /// <summary><c>START</c>: run a new query, <c>[1, term, optargs]</c>.</summary>
    Start = 1,

    /// <summary><c>CONTINUE</c>: the next batch of a query that answered SUCCESS_PARTIAL.</summary>
    Continue = 2,

    /// <summary><c>STOP</c>: end a query partway through (a cursor or changefeed closed early).</summary>
    Stop = 3,

    /// <summary><c>NOREPLY_WAIT</c>: answer once every noreply query sent before it has run.</summary>
    NoreplyWait = 4,

    /// <summary><c>SERVER_INFO</c>: the server's id, name and proxy flag.</summary>
    ServerInfo = 5,
}
