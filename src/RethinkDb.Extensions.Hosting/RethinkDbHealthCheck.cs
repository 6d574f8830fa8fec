using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace RethinkDb.Extensions.Hosting;

/// <summary>
/// Asks the server SERVER_INFO over the data source's pooled connection (opening one when none is open: a real
/// handshake), or over a new connection per probe when configured. While the data source knows the server is down,
/// the probe reports the data source's last cause at once. One instance per registration (a singleton): concurrent probes share the
/// probe in flight, so a burst of liveness and readiness requests causes one handshake, not one each.
/// </summary>
/// <remarks>
/// The timeout is always honoured: the probe stops waiting when it elapses (whatever the server does) and reports a
/// <see cref="ReqlTimeoutError"/>; its query, or its new connection, is cancelled then, so that a server that never
/// answers costs no lease, in-flight slot or socket per probe. A pooled connection that is still opening goes on
/// opening for the next probe.
/// Descriptions and data name host, port and database only: never a secret.
/// <para>
/// A data source with several nodes (a cluster) is probed node by node, all at once
/// (<see cref="RethinkDbDataSource.CheckNodesAsync"/>): Healthy when every known node answers, Degraded (naming the
/// nodes that do not, and why) when some do not, and the registration's failure status when none does.
/// </para>
/// </remarks>
internal sealed class RethinkDbHealthCheck : IHealthCheck
{
    /// <summary>The longest timeout a probe can have: the longest a timer can wait.</summary>
    internal static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(RethinkDbSettings.MaxTimeoutSeconds);

    private readonly string _name;
    private readonly RethinkDbDataSource _dataSource;
    private readonly TimeSpan _timeout;
    private readonly bool _newConnectionPerProbe;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private Task<HealthCheckResult>? _probe;

    public RethinkDbHealthCheck(string name, RethinkDbDataSource dataSource, TimeSpan timeout, bool newConnectionPerProbe, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timeout, MaxTimeout);
        _name = name;
        _dataSource = dataSource;
        _timeout = timeout;
        _newConnectionPerProbe = newConnectionPerProbe;
        _logger = logger;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        Task<HealthCheckResult> probe;
        lock (_lock)
        {
            probe = _probe ??= Task.Run(ProbeAsync, CancellationToken.None);
        }
        var result = await probe.WaitAsync(cancellationToken).ConfigureAwait(false);
        return result.Status is HealthStatus.Healthy or HealthStatus.Degraded
            ? result
            : new HealthCheckResult(context.Registration.FailureStatus, result.Description, result.Exception, result.Data);
    }

    private async Task<HealthCheckResult> ProbeAsync()
    {
        try
        {
            return await RunProbeAsync().ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                _probe = null;
            }
        }
    }

    private async Task<HealthCheckResult> RunProbeAsync()
    {
        var started = Stopwatch.GetTimestamp();
        // The only bound of the probe. The source is created without a delay, which cannot throw; the delay is set
        // inside the try so that nothing about it can escape the check as an exception instead of a result.
        using var timeout = new CancellationTokenSource();
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["host"] = _dataSource.Host,
            ["port"] = _dataSource.Port,
            ["db"] = _dataSource.Db,
            ["new_connection"] = _newConnectionPerProbe,
        };
        Task<ServerInfo>? ask = null;
        if (!_newConnectionPerProbe && _dataSource.Nodes.Count > 1)
        {
            return await RethinkDbHealthCheckNodes.ProbeAsync(_name, _dataSource, _timeout, data, _logger).ConfigureAwait(false);
        }
        try
        {
            timeout.CancelAfter(_timeout);
            ask = AskServerAsync(timeout.Token);
            // WaitAsync on the same token bounds the wait even if some step does not observe it, and it can only give
            // up once the token has fired, which cancels the work too. (A separate WaitAsync(_timeout) could fire
            // first; the source was then disposed before its own timer cancelled anything, and the abandoned
            // SERVER_INFO kept its in-flight slot and its pool lease, or its new connection, for good.)
            var server = await ask.WaitAsync(timeout.Token).ConfigureAwait(false);
            var latency = Stopwatch.GetElapsedTime(started);
            data["server_name"] = server.Name ?? "";
            data["server_id"] = server.Id;
            data["latency_ms"] = Math.Round(latency.TotalMilliseconds, 3);
            Log.ProbeSucceeded(_logger, _name, _dataSource.Host, _dataSource.Port, latency.TotalMilliseconds);
            return HealthCheckResult.Healthy(
                string.Create(CultureInfo.InvariantCulture,
                    $"RethinkDB server '{server.Name}' at {_dataSource.Host}:{_dataSource.Port} answered in {latency.TotalMilliseconds:F1} ms."),
                data);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
        {
            var error = new ReqlTimeoutError(string.Create(CultureInfo.InvariantCulture,
                $"RethinkDB at {_dataSource.Host}:{_dataSource.Port} did not answer within the health check's timeout of {_timeout.TotalSeconds:0.###} s."), ex);
            return Failed(error, data);
        }
        catch (ReqlError ex)
        {
            return Failed(ex, data);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Anything else (a disposed pool, a socket error the core did not wrap) still makes a driver error.
            return Failed(new ReqlDriverError($"RethinkDB at {_dataSource.Host}:{_dataSource.Port} could not be checked: {ex.Message}", ex), data);
        }
        finally
        {
            // Whatever ended the probe, nothing of it may outlive the check: cancel before the using disposes the
            // source (disposing alone never cancels). A no-op once the work has completed or the token has fired.
            await timeout.CancelAsync().ConfigureAwait(false);
            if (ask is { IsCompleted: false })
            {
                // Abandoned: it ends soon, cancelled or failed (a connection that broke); observe a failure.
                _ = ask.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private async Task<ServerInfo> AskServerAsync(CancellationToken ct)
    {
        var connection = _newConnectionPerProbe
            ? await _dataSource.OpenNewConnectionAsync(ct).ConfigureAwait(false)
            : await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        // Disposing closes a new connection, and only returns a pooled handle.
        await using (connection.ConfigureAwait(false))
        {
            return await connection.ServerAsync(ct).ConfigureAwait(false);
        }
    }

    private HealthCheckResult Failed(Exception error, Dictionary<string, object> data)
    {
        Log.ProbeFailed(_logger, _name, _dataSource.Host, _dataSource.Port, error.Message);
        var description = error.Message.Contains($"{_dataSource.Host}:{_dataSource.Port}", StringComparison.Ordinal)
            ? $"RethinkDB is unhealthy: {error.Message}"
            : $"RethinkDB at {_dataSource.Host}:{_dataSource.Port} is unhealthy: {error.Message}";
        return new HealthCheckResult(HealthStatus.Unhealthy, description, error, data);
    }
}
