using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace RethinkDb.Extensions.Hosting;

/// <summary>
/// The health of a data source spanning several nodes: every node is asked at once, within the check's timeout.
/// Healthy when all answer, Degraded when some do not (the description names them and why), Unhealthy when none does.
/// </summary>
internal static class RethinkDbHealthCheckNodes
{
    public static async Task<HealthCheckResult> ProbeAsync(string name, RethinkDbDataSource dataSource, TimeSpan timeout,
        Dictionary<string, object> data, ILogger logger)
    {
        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<RethinkDbNode> nodes;
        using (var cancel = new CancellationTokenSource())
        {
            try
            {
                cancel.CancelAfter(timeout);
                nodes = await dataSource.CheckNodesAsync(cancel.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or ReqlError)
            {
                var error = ex as ReqlError ?? new ReqlDriverError($"The RethinkDB nodes could not be checked: {ex.Message}", ex);
                Log.ProbeFailed(logger, name, dataSource.Host, dataSource.Port, error.Message);
                return new HealthCheckResult(HealthStatus.Unhealthy, $"RethinkDB is unhealthy: {error.Message}", error, data);
            }
        }
        var latency = Stopwatch.GetElapsedTime(started);
        var up = nodes.Where(static n => n.State == RethinkDbNodeState.Up).ToArray();
        var down = nodes.Where(static n => n.State != RethinkDbNodeState.Up).ToArray();
        data["nodes"] = nodes.Count;
        data["nodes_up"] = up.Length;
        data["nodes_down"] = string.Join(", ", down.Select(static n => n.Endpoint));
        data["latency_ms"] = Math.Round(latency.TotalMilliseconds, 3);
        foreach (var node in nodes)
        {
            data[$"node:{node.Endpoint}"] = node.State == RethinkDbNodeState.Up ? "up" : $"down: {node.LastError}";
        }
        var downList = string.Join("; ", down.Select(static n => $"{n.Endpoint} ({n.LastError ?? "not answering"})"));
        if (down.Length == 0)
        {
            Log.ProbeSucceeded(logger, name, dataSource.Host, dataSource.Port, latency.TotalMilliseconds);
            return HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture,
                $"All {nodes.Count} RethinkDB nodes answered in {latency.TotalMilliseconds:F1} ms: {string.Join(", ", up.Select(static n => n.Endpoint))}."), data);
        }
        Log.ProbeFailed(logger, name, dataSource.Host, dataSource.Port, downList);
        if (up.Length == 0)
        {
            var error = new ReqlDriverError($"No RethinkDB node answered: {downList}");
            return new HealthCheckResult(HealthStatus.Unhealthy, $"RethinkDB is unhealthy: {error.Message}", error, data);
        }
        return HealthCheckResult.Degraded(string.Create(CultureInfo.InvariantCulture,
            $"RethinkDB is degraded: {down.Length} of {nodes.Count} nodes do not answer: {downList}."), data: data);
    }
}
