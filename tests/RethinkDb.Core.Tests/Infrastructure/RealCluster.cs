namespace RethinkDb.Core.Tests.Infrastructure;

/// <summary>
/// The real cluster named by RETHINKDB_CLUSTER (<c>host:port,host:port,…</c>), if any, and its admin password
/// (RETHINKDB_CLUSTER_PASSWORD, else RETHINKDB_PASSWORD, else empty). Shared by the core's and the hosting package's tests.
/// </summary>
internal static class RealCluster
{
    public static IReadOnlyList<(string Host, int Port)> Nodes =>
        Environment.GetEnvironmentVariable("RETHINKDB_CLUSTER") is { Length: > 0 } hosts
            ? [.. hosts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse)]
            : [];

    public static string Password =>
        Environment.GetEnvironmentVariable("RETHINKDB_CLUSTER_PASSWORD") ?? Environment.GetEnvironmentVariable("RETHINKDB_PASSWORD") ?? "";

    private static (string Host, int Port) Parse(string hostAndPort)
    {
        var colon = hostAndPort.LastIndexOf(':');
        return colon < 0 ? (hostAndPort, 28015) : (hostAndPort[..colon], int.Parse(hostAndPort[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
