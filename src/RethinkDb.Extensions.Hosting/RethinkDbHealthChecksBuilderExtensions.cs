using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RethinkDb.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the RethinkDB health check to <see cref="IHealthChecksBuilder"/> by hand.</summary>
/// <remarks>
/// <c>AddRethinkDb</c> already registers one (named <c>rethinkdb</c>, tagged <c>ready</c>) unless
/// <c>HealthCheck:Enabled</c> is false; use these to choose another name, status, tags or timeout. A registration
/// with the automatic check's name replaces it. The check uses the data source that <c>AddRethinkDb</c> registers.
/// </remarks>
public static class RethinkDbHealthChecksBuilderExtensions
{
    /// <summary>The tags of the check when none are given: <c>ready</c> (for readiness probes) and <c>rethinkdb</c>.</summary>
    /// <remarks>Not <c>live</c>: a database outage should take a pod out of rotation, not restart it.</remarks>
    public static IReadOnlyList<string> DefaultTags { get; } = ["ready", "rethinkdb"];

    /// <summary>Adds a health check of the instance registered by <c>AddRethinkDb</c>.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name. Default <c>rethinkdb</c>.</param>
    /// <param name="failureStatus">The status reported when the check fails. Default <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">The check's tags. Default <see cref="DefaultTags"/>.</param>
    /// <param name="timeout">How long a probe may take; always honoured. Default <c>HealthCheck:Timeout</c> (0.8 s); at
    /// most 4294967 s (about 49.7 days), the longest a timer can wait.</param>
    public static IHealthChecksBuilder AddRethinkDb(
        this IHealthChecksBuilder builder,
        string name = RethinkDbInstance.DefaultName,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Add(builder, new RethinkDbInstance(null), name, failureStatus, tags, timeout);
    }

    /// <summary>Adds a health check of the instance registered by <c>AddKeyedRethinkDb(serviceKey, ...)</c>.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="serviceKey">The instance's service key.</param>
    /// <param name="name">The check's name. Default <c>rethinkdb_&lt;serviceKey&gt;</c>.</param>
    /// <param name="failureStatus">The status reported when the check fails. Default <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">The check's tags. Default <see cref="DefaultTags"/>.</param>
    /// <param name="timeout">How long a probe may take; always honoured. Default <c>HealthCheck:Timeout</c> (0.8 s); at
    /// most 4294967 s (about 49.7 days), the longest a timer can wait.</param>
    public static IHealthChecksBuilder AddKeyedRethinkDb(
        this IHealthChecksBuilder builder,
        string serviceKey,
        string? name = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceKey);
        var instance = new RethinkDbInstance(serviceKey);
        return Add(builder, instance, name ?? instance.Name, failureStatus, tags, timeout);
    }

    private static IHealthChecksBuilder Add(
        IHealthChecksBuilder builder, RethinkDbInstance instance, string name, HealthStatus? failureStatus, IEnumerable<string>? tags, TimeSpan? timeout)
    {
        if (timeout is { } t)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(t, TimeSpan.Zero, nameof(timeout));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(t, RethinkDbHealthCheck.MaxTimeout, nameof(timeout));
        }
        builder.Services.TryAddSingleton<RethinkDbHealthCheckCache>();
        return builder.Add(CreateRegistration(instance, name, failureStatus, tags, timeout));
    }

    /// <summary>
    /// A registration whose check is created once per service provider. The framework's own timeout is left
    /// infinite: the check enforces <paramref name="timeout"/> itself, so that it reports a <see cref="RethinkDb.ReqlTimeoutError"/>.
    /// </summary>
    internal static HealthCheckRegistration CreateRegistration(
        RethinkDbInstance instance, string name, HealthStatus? failureStatus, IEnumerable<string>? tags, TimeSpan? timeout) =>
        new(name, sp => sp.GetRequiredService<RethinkDbHealthCheckCache>().GetOrAdd(name, () => CreateCheck(sp, instance, name, timeout)),
            failureStatus, tags ?? DefaultTags, timeout: null);

    /// <summary>
    /// The check; or, when it cannot be made, one that reports why. HealthCheckService does not catch exceptions
    /// of a registration's factory, so throwing here would fail the whole health endpoint.
    /// </summary>
    private static IHealthCheck CreateCheck(IServiceProvider services, RethinkDbInstance instance, string name, TimeSpan? timeout)
    {
        // The options first: the data source's factory reads them too, and would throw their validation failure out of
        // HealthCheckService (failing every check) instead of reporting it as this check's result.
        RethinkDbSettings options;
        try
        {
            options = services.GetRequiredService<IOptionsMonitor<RethinkDbSettings>>().Get(instance.OptionsName);
        }
        catch (OptionsValidationException ex)
        {
            return new FailingHealthCheck(ex);
        }
        RethinkDb.RethinkDbDataSource? dataSource;
        try
        {
            dataSource = instance.ServiceKey is null
                ? services.GetService<RethinkDb.RethinkDbDataSource>()
                : services.GetKeyedService<RethinkDb.RethinkDbDataSource>(instance.ServiceKey);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // The configure callback made invalid settings: report it as this check's result.
            return new FailingHealthCheck(ex);
        }
        if (dataSource is null)
        {
            return new FailingHealthCheck(new InvalidOperationException(instance.ServiceKey is null
                ? $"The health check '{name}' needs services.AddRethinkDb(...)."
                : $"The health check '{name}' needs services.AddKeyedRethinkDb(\"{instance.ServiceKey}\", ...)."));
        }
        var logger = (ILogger?)services.GetService<ILoggerFactory>()?.CreateLogger(Log.HealthCheckCategory) ?? NullLogger.Instance;
        return new RethinkDbHealthCheck(name, dataSource, timeout ?? TimeSpan.FromSeconds(options.HealthCheck.Timeout),
            options.HealthCheck.NewConnectionPerProbe, logger);
    }

    /// <summary>Reports a configuration error as the check's result.</summary>
    private sealed class FailingHealthCheck(Exception error) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, error.Message, error));
    }
}
