namespace RethinkDb.Core.Tests.Infrastructure;

/// <summary>Runs only when RETHINKDB_CLUSTER names a real cluster of three nodes or more.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RealClusterFactAttribute : FactAttribute
{
    public RealClusterFactAttribute()
    {
        if (RealCluster.Nodes.Count < 3)
        {
            Skip = "RETHINKDB_CLUSTER does not name three nodes: no real RethinkDB cluster to run against.";
        }
    }
}
