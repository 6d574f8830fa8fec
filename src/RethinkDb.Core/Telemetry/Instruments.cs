using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace RethinkDb.Telemetry;

/// <summary>
/// The driver's one <see cref="ActivitySource"/> and <see cref="Meter"/>, and the instruments on it.
/// </summary>
/// <remarks>
/// Process-wide on purpose, as in Npgsql and the runtime's own clients: exporters subscribe by name, and an
/// instrument created per data source would be reported once per instance. Each data source's measurements carry
/// its name (<c>db.client.connection.pool.name</c>); the set of live data sources is the one piece of mutable
/// static state, so that the observable instruments can ask each of them for its counts.
/// </remarks>
internal static class Instruments
{
    public const string DbSystem = "rethinkdb";

    private static readonly string? Version =
        typeof(Instruments).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    private static readonly double[] DurationBuckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

    private static readonly ConcurrentDictionary<IPoolMetrics, byte> Pools = new();

    public static readonly ActivitySource ActivitySource = new(RethinkDbTelemetry.ActivitySourceName, Version);

    public static readonly Meter Meter = new(RethinkDbTelemetry.MeterName, Version);

    /// <summary><c>db.client.operation.duration</c>: from sending a query to its first response, in seconds.</summary>
    public static readonly Histogram<double> OperationDuration = Meter.CreateHistogram(
        "db.client.operation.duration", "s", "Duration of database client operations.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    /// <summary><c>db.client.connection.create_time</c>: how long opening a connection took, in seconds.</summary>
    public static readonly Histogram<double> ConnectionCreateTime = Meter.CreateHistogram(
        "db.client.connection.create_time", "s", "The time it took to create a new connection.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    /// <summary><c>db.client.connection.timeouts</c>: connection attempts of a data source that timed out.</summary>
    public static readonly Counter<long> ConnectionTimeouts = Meter.CreateCounter<long>(
        "db.client.connection.timeouts", "{timeout}", "The number of connection attempts that timed out.");

    /// <summary><c>rethinkdb.client.connection.failures</c>: connection attempts of a data source that failed (timeouts included).</summary>
    public static readonly Counter<long> ConnectionFailures = Meter.CreateCounter<long>(
        "rethinkdb.client.connection.failures", "{failure}", "The number of connection attempts that failed.");

    /// <summary><c>db.client.connection.count</c> by state: idle (open, nothing running) and used.</summary>
    public static readonly ObservableUpDownCounter<long> ConnectionCount = Meter.CreateObservableUpDownCounter(
        "db.client.connection.count", ObserveConnectionCounts, "{connection}",
        "The number of connections that are currently in the state described by the state attribute.");

    /// <summary><c>db.client.connection.max</c>: the most connections a data source opens.</summary>
    public static readonly ObservableUpDownCounter<long> ConnectionMax = Meter.CreateObservableUpDownCounter(
        "db.client.connection.max", ObserveMaxConnections, "{connection}", "The maximum number of open connections allowed.");

    /// <summary><c>db.client.connection.pending_requests</c>: queries of a data source waiting for their answer.</summary>
    public static readonly ObservableUpDownCounter<long> PendingRequests = Meter.CreateObservableUpDownCounter(
        "db.client.connection.pending_requests", ObservePendingRequests, "{request}",
        "The number of queries sent and not answered yet.");

    /// <summary>
    /// <c>rethinkdb.client.node.up</c>: 1 for each node of a data source that has an open socket, 0 for one that is
    /// down or not connected yet; tagged with the node's <c>server.address</c> and <c>server.port</c>.
    /// </summary>
    public static readonly ObservableUpDownCounter<long> NodeUp = Meter.CreateObservableUpDownCounter(
        "rethinkdb.client.node.up", ObserveNodes, "{node}", "Whether each node (server) of a data source is up (1) or not (0).");

    public static void Register(IPoolMetrics pool) => Pools.TryAdd(pool, 0);

    public static void Unregister(IPoolMetrics pool) => Pools.TryRemove(pool, out _);

    public static KeyValuePair<string, object?> PoolName(string name) => new("db.client.connection.pool.name", name);

    private static IEnumerable<Measurement<long>> ObserveConnectionCounts()
    {
        foreach (var pool in Pools.Keys)
        {
            var counts = pool.CountConnections();
            yield return new Measurement<long>(counts.Idle, PoolName(pool.Name), new("db.client.connection.state", "idle"));
            yield return new Measurement<long>(counts.Used, PoolName(pool.Name), new("db.client.connection.state", "used"));
        }
    }

    private static IEnumerable<Measurement<long>> ObserveMaxConnections()
    {
        foreach (var pool in Pools.Keys)
        {
            yield return new Measurement<long>(pool.MaxConnections, PoolName(pool.Name));
        }
    }

    private static IEnumerable<Measurement<long>> ObservePendingRequests()
    {
        foreach (var pool in Pools.Keys)
        {
            yield return new Measurement<long>(pool.CountConnections().Pending, PoolName(pool.Name));
        }
    }

    private static IEnumerable<Measurement<long>> ObserveNodes()
    {
        foreach (var pool in Pools.Keys)
        {
            foreach (var node in pool.Nodes)
            {
                yield return new Measurement<long>(node.State == RethinkDbNodeState.Up ? 1 : 0, PoolName(pool.Name),
                    new("server.address", node.Host), new("server.port", node.Port),
                    new("rethinkdb.node.state", node.State == RethinkDbNodeState.Up ? "up" : node.State == RethinkDbNodeState.Down ? "down" : "unknown"));
            }
        }
    }
}
