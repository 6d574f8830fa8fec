using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using RethinkDb.Protocol;

namespace RethinkDb.Extensions.Hosting;

/// <summary>
/// The <see cref="ActivitySource"/> and <see cref="Meter"/> named <c>RethinkDb</c>, following the OpenTelemetry
/// semantic conventions for database clients. One static pair for the process, as Npgsql does: exporters subscribe
/// by name, and each pool's measurements carry its name.
/// </summary>
/// <remarks>No tag ever holds a password, an auth key, a connection string or query data.</remarks>
internal static class RethinkDbTelemetry
{
    public const string Name = "RethinkDb";
    public const string DbSystem = "rethinkdb";

    private static readonly string? Version =
        typeof(RethinkDbTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    private static readonly ConcurrentDictionary<RethinkDbConnectionPool, byte> Pools = new();
    private static readonly ConcurrentDictionary<TermType, string> TermNames = new();

    public static readonly ActivitySource ActivitySource = new(Name, Version);
    public static readonly Meter Meter = new(Name, Version);

    /// <summary><c>db.client.operation.duration</c>: from sending an operation to its first response, in seconds.</summary>
    public static readonly Histogram<double> OperationDuration = Meter.CreateHistogram(
        "db.client.operation.duration", "s", "Duration of database client operations.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10] });

    /// <summary><c>db.client.connection.create_time</c>: how long opening a connection took, in seconds.</summary>
    public static readonly Histogram<double> ConnectionCreateTime = Meter.CreateHistogram(
        "db.client.connection.create_time", "s", "The time it took to create a new connection.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10] });

    /// <summary><c>db.client.connection.count</c> by state: idle (open, not handed out) and used (handed out).</summary>
    public static readonly ObservableUpDownCounter<long> ConnectionCount = Meter.CreateObservableUpDownCounter(
        "db.client.connection.count", ObserveConnectionCounts, "{connection}",
        "The number of connections that are currently in the state described by the state attribute.");

    /// <summary><c>db.client.connection.max</c>: the most connections a pool opens.</summary>
    public static readonly ObservableUpDownCounter<long> ConnectionMax = Meter.CreateObservableUpDownCounter(
        "db.client.connection.max", ObserveMaxConnections, "{connection}", "The maximum number of open connections allowed.");

    public static void Register(RethinkDbConnectionPool pool) => Pools.TryAdd(pool, 0);

    public static void Unregister(RethinkDbConnectionPool pool) => Pools.TryRemove(pool, out _);

    /// <summary>The <c>db.operation.name</c> of a query: its root term (<c>get_all</c>) or its query type (<c>server_info</c>).</summary>
    public static string OperationName(TermType? term, QueryType type) => term is { } t
        ? TermNames.GetOrAdd(t, static t => SnakeCase(t.ToString()))
        : type switch
        {
            QueryType.ServerInfo => "server_info",
            QueryType.NoreplyWait => "noreply_wait",
            QueryType.Continue => "continue",
            QueryType.Stop => "stop",
            _ => "start",
        };

    private static string SnakeCase(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }
            builder.Append(char.ToLowerInvariant(name[i]));
        }
        return builder.ToString();
    }

    private static IEnumerable<Measurement<long>> ObserveConnectionCounts()
    {
        foreach (var pool in Pools.Keys)
        {
            var (idle, used) = pool.CountConnections();
            yield return new Measurement<long>(idle, PoolTags(pool, "idle"));
            yield return new Measurement<long>(used, PoolTags(pool, "used"));
        }
    }

    private static IEnumerable<Measurement<long>> ObserveMaxConnections()
    {
        foreach (var pool in Pools.Keys)
        {
            yield return new Measurement<long>(pool.MaxConnections, new KeyValuePair<string, object?>("db.client.connection.pool.name", pool.Name));
        }
    }

    private static KeyValuePair<string, object?>[] PoolTags(RethinkDbConnectionPool pool, string state) =>
    [
        new("db.client.connection.pool.name", pool.Name),
        new("db.client.connection.state", state),
    ];
}
