namespace RethinkDb.Protocol;

/// <summary>The first element of a query frame's JSON body (<c>Query.QueryType</c> in ql2.proto).</summary>
internal enum QueryType
{
    /// <summary>Not a query type; the default value of the enum.</summary>
    None = 0,

    /// <summary>Start a new query: <c>[1, term, optargs]</c>.</summary>
    Start = 1,

    /// <summary>Ask for the next batch of a query that answered SUCCESS_PARTIAL.</summary>
    Continue = 2,

    /// <summary>Stop a query partway through (a cursor or changefeed closed early).</summary>
    Stop = 3,

    /// <summary>Wait until every noreply query sent on the connection has completed.</summary>
    NoreplyWait = 4,

    /// <summary>Ask the server for its id, name and proxy flag.</summary>
    ServerInfo = 5,
}
