namespace RethinkDb;

/// <summary>
/// Global optional arguments of a query (<c>run(conn, {...})</c> in the official drivers).
/// Unset members are not sent, so the server's defaults apply.
/// </summary>
public sealed class RunOptions
{
    /// <summary>The database of tables named without one; default: the connection's database.</summary>
    public string? Db { get; set; }

    /// <summary><c>"hard"</c> or <c>"soft"</c> durability of writes.</summary>
    public string? Durability { get; set; }

    /// <summary><c>"single"</c>, <c>"majority"</c> or <c>"outdated"</c>.</summary>
    public string? ReadMode { get; set; }

    /// <summary>Ask the server for a profile of the query; read it with
    /// <see cref="ReqlExpr.RunProfiledAsync{T}(Connection, RunOptions?, CancellationToken)"/> (which sets this itself;
    /// the other Run methods return the result alone).</summary>
    public bool? Profile { get; set; }

    /// <summary>A copy of <paramref name="options"/> (or new options) with <see cref="Profile"/> set.</summary>
    internal static RunOptions WithProfile(RunOptions? options)
    {
        var copy = options is null ? new RunOptions() : (RunOptions)options.MemberwiseClone();
        copy.Profile = true;
        return copy;
    }

    /// <summary>The largest array the query may build (server default 100,000).</summary>
    public int? ArrayLimit { get; set; }

    /// <summary><c>"native"</c> (default: TIME becomes a date) or <c>"raw"</c>.</summary>
    public string? TimeFormat { get; set; }

    /// <summary><c>"native"</c> (default: GROUPED_DATA becomes groups) or <c>"raw"</c>.</summary>
    public string? GroupFormat { get; set; }

    /// <summary><c>"native"</c> (default: BINARY becomes bytes) or <c>"raw"</c>.</summary>
    public string? BinaryFormat { get; set; }

    /// <summary>Minimum number of rows in a batch.</summary>
    public int? MinBatchRows { get; set; }

    /// <summary>Maximum number of rows in a batch.</summary>
    public int? MaxBatchRows { get; set; }

    /// <summary>Maximum size of a batch in bytes.</summary>
    public int? MaxBatchBytes { get; set; }

    /// <summary>Maximum time in seconds the server spends filling a batch.</summary>
    public double? MaxBatchSeconds { get; set; }

    /// <summary>Divides the size of the first batch (server default 4).</summary>
    public int? FirstBatchScaledownFactor { get; set; }

    /// <summary>
    /// On a <see cref="RethinkDbDataSource"/>: whether this query, when its node dies before answering, runs once
    /// more on another node (<see langword="null"/>: the data source's <see cref="RethinkDbDataSource.RetryReads"/>).
    /// Only a read is ever run again, whatever this says: a query in which no term writes (<c>insert</c>,
    /// <c>update</c>, <c>replace</c>, <c>delete</c>, <c>for_each</c>), changes the schema or configuration
    /// (<c>db_create</c>, <c>table_create</c>, <c>index_create</c>, <c>reconfigure</c>, <c>grant</c>, ...), runs
    /// outside code (<c>r.js</c>, <c>r.http</c>) or opens a changefeed. Never after the caller's cancellation. Not
    /// sent to the server.
    /// </summary>
    public bool? RetryRead { get; set; }

    /// <summary>Any other global optional argument, by its wire name.</summary>
    /// <remarks>
    /// Not for <c>noreply</c> (use <c>RunNoReplyAsync</c>) nor for the optargs that have a property here; both are
    /// a <see cref="ReqlDriverCompileError"/> when the query is sent.
    /// </remarks>
    public Dictionary<string, object?> OptArgs { get; } = [];
}
