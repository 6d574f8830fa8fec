using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation.SystemTables;

/// <summary>
/// One server of the store's cluster as <c>rethinkdb.server_status</c> and <c>server_config</c> show it: a test
/// server joins when it starts listening and leaves when it stops, as a real server's directory entry appears when it
/// connects to the cluster and disappears when it goes away.
/// </summary>
internal sealed class ServerMember(Guid id, string name)
{
    /// <summary>The RethinkDB version string the test server reports (the real server adds its build and compiler).</summary>
    public const string Version = "rethinkdb 2.4.4 (RethinkDb.Testing)";

    /// <summary>The cache size <c>server_status</c> reports; <c>server_config</c> says <c>auto</c>, as when not configured.</summary>
    public const double CacheSizeMb = 512;

    private static readonly DateTime UnixEpoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public Guid Id { get; } = id;

    public string Name { get; } = name;

    private int _reqlPort;

    /// <summary>The driver port: <c>network.reql_port</c>. Set once the server's listener is bound.</summary>
    public int ReqlPort
    {
        get => _reqlPort;
        set
        {
            _reqlPort = value;
            if (ClusterPort == value)
            {
                // The number reserved below was released, so the listener may have been given it: take another (the
                // bound listener now keeps the system from handing out its own).
                ClusterPort = ReservePort();
            }
        }
    }

    /// <summary>
    /// <c>network.cluster_port</c> and the port of <c>canonical_addresses</c>: a port number reserved when the server
    /// first starts, on which nothing listens (the test servers share their store in-process, not over a cluster
    /// protocol). It differs from the driver port, as on a real server, so that a driver reading the wrong field fails.
    /// </summary>
    public int ClusterPort { get; private set; } = ReservePort();

    public List<string> Tags { get; } = ["default"];

    /// <summary>The server's open connections now (for <c>stats</c>).</summary>
    public Func<int> OpenConnections { get; init; } = () => 0;

    /// <summary>The queries the server has received (for <c>stats</c>).</summary>
    public Func<long> QueriesTotal { get; init; } = () => 0;

    /// <summary>When this run of the server started (<c>process.time_started</c>): new on every restart.</summary>
    public DateTime TimeStarted { get; set; } = DateTime.UtcNow;

    /// <summary>When it joined the cluster (<c>network.time_connected</c>).</summary>
    public DateTime TimeConnected { get; set; } = DateTime.UtcNow;

    /// <summary>The row of <c>rethinkdb.server_status</c>, connected to the <paramref name="others"/> running.</summary>
    public JsonObject StatusRow(IEnumerable<ServerMember> others)
    {
        var connectedTo = new JsonObject();
        foreach (var other in others.Where(o => o.Id != Id).OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            connectedTo[other.Name] = true;
        }
        return new JsonObject
        {
            ["id"] = Id.ToString(),
            ["name"] = Name,
            ["network"] = new JsonObject
            {
                ["canonical_addresses"] = new JsonArray(new JsonObject { ["host"] = "127.0.0.1", ["port"] = ClusterPort }),
                ["cluster_port"] = ClusterPort,
                ["connected_to"] = connectedTo,
                ["hostname"] = Dns.GetHostName(),
                // What the real server shows when started with --no-http-admin: the test server has no web UI.
                ["http_admin_port"] = "<no http admin>",
                ["reql_port"] = ReqlPort,
                ["time_connected"] = Time(TimeConnected),
            },
            ["process"] = new JsonObject
            {
                ["argv"] = new JsonArray("rethinkdb", "--server-name", Name, "--bind", "127.0.0.1",
                    "--driver-port", ReqlPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--cluster-port", ClusterPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--no-http-admin"),
                ["cache_size_mb"] = CacheSizeMb,
                ["pid"] = Environment.ProcessId,
                ["time_started"] = Time(TimeStarted),
                ["version"] = Version,
            },
        };
    }

    /// <summary>The row of <c>rethinkdb.server_config</c>.</summary>
    public JsonObject ConfigRow() => new()
    {
        ["cache_size_mb"] = "auto",
        ["id"] = Id.ToString(),
        ["name"] = Name,
        ["tags"] = new JsonArray([.. Tags.Order(StringComparer.Ordinal).Select(t => (JsonNode?)JsonValue.Create(t))]),
    };

    /// <summary>A TIME pseudo-type in UTC, to the millisecond as the server keeps times.</summary>
    public static JsonObject Time(DateTime utc) => new()
    {
        [Datum.ReqlType] = "TIME",
        ["epoch_time"] = Math.Round((utc - UnixEpoch).TotalMilliseconds) / 1000,
        ["timezone"] = "+00:00",
    };

    private static int ReservePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
