using System.Reflection;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Testing;
using Xunit.Sdk;

namespace RethinkDb.Core.Tests.Testing.Cluster;

/// <summary>Which cluster a cluster test runs against.</summary>
public enum ClusterUnderTestKind
{
    /// <summary>A fresh three-node <see cref="RethinkDbTestCluster"/> (always available).</summary>
    TestCluster,

    /// <summary>The real cluster named by RETHINKDB_CLUSTER (host:port of each node's driver port).</summary>
    RealCluster,
}

/// <summary>
/// A three-node cluster to run a test against: a fresh test cluster, or the real cluster of the environment. Both
/// hand out connection options for <c>admin</c> on each node.
/// </summary>
internal sealed class ClusterUnderTest : IAsyncDisposable
{
    private readonly IReadOnlyList<(string Host, int Port)> _nodes;
    private readonly string _password;

    private ClusterUnderTest(RethinkDbTestCluster? testCluster, IReadOnlyList<(string Host, int Port)> nodes, string password)
    {
        TestCluster = testCluster;
        _nodes = nodes;
        _password = password;
    }

    /// <summary>The test cluster, or null against a real one.</summary>
    public RethinkDbTestCluster? TestCluster { get; }

    public int NodeCount => _nodes.Count;

    public static async Task<ClusterUnderTest> StartAsync(ClusterUnderTestKind kind)
    {
        if (kind == ClusterUnderTestKind.RealCluster)
        {
            return new ClusterUnderTest(null, RealCluster.Nodes, RealCluster.Password);
        }
        var cluster = await RethinkDbTestCluster.StartAsync(3, new TestServerOptions { AdminPassword = "cluster-pw" });
        return new ClusterUnderTest(cluster, [.. cluster.Nodes.Select(n => (n.Host, n.Port))], "cluster-pw");
    }

    public ConnectionOptions Options(int node) => new()
    {
        Host = _nodes[node].Host,
        Port = _nodes[node].Port,
        Password = _password.Length == 0 ? null : _password,
        Timeout = TimeSpan.FromSeconds(10),
    };

    public Task<Connection> ConnectAsync(int node) => Connection.OpenAsync(Options(node));

    public async ValueTask DisposeAsync()
    {
        if (TestCluster is not null)
        {
            await TestCluster.DisposeAsync();
        }
    }
}

/// <summary>Runs the theory against a fresh three-node test cluster.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OnTestClusterAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[ClusterUnderTestKind.TestCluster]];
}

/// <summary>
/// Runs the theory against the real cluster of RETHINKDB_CLUSTER (at least three nodes); reported as skipped otherwise.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OnRealClusterAttribute : DataAttribute
{
    public OnRealClusterAttribute()
    {
        if (RealCluster.Nodes.Count < 3)
        {
            Skip = "RETHINKDB_CLUSTER does not name three nodes: no real RethinkDB cluster to run against.";
        }
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[ClusterUnderTestKind.RealCluster]];
}
