using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace RethinkDb.Extensions.Hosting;

/// <summary>
/// Asks the server SERVER_INFO over a pooled connection (opening one when none is open: a real handshake), or over a
/// new connection per probe when configured. One instance per registration (a singleton): concurrent probes share the
/// probe in flight, so a burst of liveness and readiness requests causes one handshake, not one each.
/// </summary>
/// <remarks>
/// The timeout is always honoured: the probe stops waiting when it elapses (whatever the server does) and reports a
/// <see cref="ReqlTimeoutError"/>. A pooled connection that is still opening goes on opening for the next probe.
/// Descriptions and data name host, port and database only: never a secret.
/// </remarks>
internal sealed class RethinkDbHealthCheck : IHealthCheck
{
    /// <summary>The longest timeout a probe can have: the longest a timer can wait.</summary>
    internal static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(RethinkDbOptions.MaxTimeoutSeconds);

    private readonly string _name;
    private readonly RethinkDbConnectionPool _pool;
    private readonly TimeSpan _timeout;
    private readonly bool _newConnectionPerProbe;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private Task<HealthCheckResult>? _probe;

    public RethinkDbHealthCheck(string name, RethinkDbConnectionPool pool, TimeSpan timeout, bool newConnectionPerProbe, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timeout, MaxTimeout);
        _name = name;
        _pool = pool;
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
        return result.Status == HealthStatus.Healthy
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
        using var timeout = new CancellationTokenSource(_timeout);
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["host"] = _pool.Host,
            ["port"] = _pool.Port,
            ["db"] = _pool.Db,
            ["new_connection"] = _newConnectionPerProbe,
        };
        try
        {
            // WaitAsync bounds the wait even if some step did not observe the token.
            var server = await AskServerAsync(timeout.Token).WaitAsync(_timeout).ConfigureAwait(false);
            var latency = Stopwatch.GetElapsedTime(started);
            data["server_name"] = server.Name ?? "";
            data["server_id"] = server.Id;
            data["latency_ms"] = Math.Round(latency.TotalMilliseconds, 3);
            Log.ProbeSucceeded(_logger, _name, _pool.Host, _pool.Port, latency.TotalMilliseconds);
            return HealthCheckResult.Healthy(
                string.Create(CultureInfo.InvariantCulture,
                    $"RethinkDB server '{server.Name}' at {_pool.Host}:{_pool.Port} answered in {latency.TotalMilliseconds:F1} ms."),
                data);
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && timeout.IsCancellationRequested))
        {
            var error = new ReqlTimeoutError(string.Create(CultureInfo.InvariantCulture,
                $"RethinkDB at {_pool.Host}:{_pool.Port} did not answer within the health check's timeout of {_timeout.TotalSeconds:0.###} s."), ex);
            return Failed(error, data);
        }
        catch (ReqlError ex)
        {
            return Failed(ex, data);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Anything else (a disposed pool, a socket error the core did not wrap) still makes a driver error.
            return Failed(new ReqlDriverError($"RethinkDB at {_pool.Host}:{_pool.Port} could not be checked: {ex.Message}", ex), data);
        }
    }

    private async Task<ServerInfo> AskServerAsync(CancellationToken ct)
    {
        var connection = _newConnectionPerProbe
            ? await _pool.OpenNewConnectionAsync(ct).ConfigureAwait(false)
            : await _pool.OpenAsync(ct).ConfigureAwait(false);
        // Disposing closes a new connection, and only returns a pooled handle.
        await using (connection.ConfigureAwait(false))
        {
            return await connection.ServerAsync(ct).ConfigureAwait(false);
        }
    }

    private HealthCheckResult Failed(Exception error, Dictionary<string, object> data)
    {
        Log.ProbeFailed(_logger, _name, _pool.Host, _pool.Port, error.Message);
        var description = error.Message.Contains($"{_pool.Host}:{_pool.Port}", StringComparison.Ordinal)
            ? $"RethinkDB is unhealthy: {error.Message}"
            : $"RethinkDB at {_pool.Host}:{_pool.Port} is unhealthy: {error.Message}";
        return new HealthCheckResult(HealthStatus.Unhealthy, description, error, data);
    }
}
