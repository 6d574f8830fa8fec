using System.Globalization;

namespace RethinkDb.Extensions.Hosting;

/// <summary>
/// Settings of one RethinkDB client in a host (the shape of the Aspire components' settings): what only a host has
/// (a connection string, the health check and the telemetry switches) and the core's <see cref="ConnectionOptions"/>,
/// which a configuration section binds onto with the keys of the official drivers' <c>r.connect</c>:
/// <code>
/// "RethinkDb": { "Host": "rethink.internal", "Port": 28015, "Db": "marvel", "AuthKey": "hunter2", "Timeout": 20,
///                "Ssl": { "CaCerts": "/etc/rethinkdb/ca.crt" } }
/// </code>
/// </summary>
/// <remarks>
/// One configuration model: every connection setting is the core's (<see cref="Connection"/>), validated when the host
/// starts by the core's one validator (<see cref="ConnectionOptions.Validate(Func{string, string})"/>) with each
/// failure naming its configuration key. In configuration, <c>Timeout</c>, <c>ReconnectDelay</c> and
/// <c>MaxReconnectDelay</c> are numbers of seconds (as in the official drivers), and an <c>Ssl</c> section turns TLS on.
/// <see cref="ToString"/> never shows a password, an auth key or the connection string.
/// </remarks>
public sealed class RethinkDbSettings
{
    /// <summary>
    /// The connection settings (host, port, database, credentials, TLS, timeouts, pool size), bound from the section's
    /// keys <c>Host</c>, <c>Port</c>, <c>Hosts:0</c>…, <c>Db</c>, <c>AuthKey</c>, <c>User</c>, <c>Password</c>,
    /// <c>Timeout</c>, <c>Ssl:*</c>, <c>MaxConnections</c>, <c>ResumeOnReaderThread</c>, <c>ReconnectDelay</c> and
    /// <c>MaxReconnectDelay</c>.
    /// </summary>
    public ConnectionOptions Connection { get; set; } = new();

    /// <summary>
    /// A connection string
    /// <c>rethinkdb://[user[:password]@]host[:port][,host[:port]...][/db][?timeout=20&amp;ssl=true&amp;caCerts=/path]</c>
    /// (user and password percent-encoded). <c>ConnectionStrings:&lt;name&gt;</c> of the application's configuration
    /// sets it too. The parts it contains override the individual settings
    /// (<see cref="ConnectionOptions.ApplyConnectionString"/>).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The health check's settings (the <c>HealthCheck</c> sub-section).</summary>
    public RethinkDbHealthCheckOptions HealthCheck { get; set; } = new();

    /// <summary>Turns the health check off (as <c>HealthCheck:Enabled=false</c>; the Aspire components' switch).</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Turns off the tracing of queries (<see cref="ConnectionOptions.EnableTracing"/>).</summary>
    public bool DisableTracing { get; set; }

    /// <summary>Turns off the metrics of queries and connections (<see cref="ConnectionOptions.EnableMetrics"/>).</summary>
    public bool DisableMetrics { get; set; }

    /// <summary>
    /// The largest number of seconds of a timeout (about 49.7 days): <see cref="ConnectionOptions.MaxTimeout"/> in
    /// whole seconds, as a constant for patterns (a test keeps the two in step).
    /// </summary>
    internal const double MaxTimeoutSeconds = 4294967;

    /// <summary>The configuration path the settings were bound from, to name keys in validation messages.</summary>
    internal string? ConfigurationPath { get; set; }

    /// <summary>Where <see cref="ConnectionString"/> came from (a configuration key), for messages.</summary>
    internal string? ConnectionStringSource { get; set; }

    /// <summary>Why <see cref="ConnectionString"/> could not be applied (never containing the string itself).</summary>
    internal string? ConnectionStringError { get; set; }

    /// <summary>
    /// Values of the section that are not of their key's type (a <c>Timeout</c> that is no number), by key; reported
    /// by validation at start-up. Never containing the value, which might be a secret typed in the wrong place.
    /// </summary>
    internal Dictionary<string, string> BindingErrors { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The options a data source is built with: a copy of <see cref="Connection"/> with the telemetry switches applied.
    /// </summary>
    internal ConnectionOptions ToConnectionOptions()
    {
        var options = Connection.Clone();
        options.EnableTracing &= !DisableTracing;
        options.EnableMetrics &= !DisableMetrics;
        return options;
    }

    /// <summary>The full configuration key of a setting, e.g. <c>RethinkDb:Port</c>.</summary>
    internal string Key(string name) => string.IsNullOrEmpty(ConfigurationPath) ? name : $"{ConfigurationPath}:{name}";

    /// <summary>Describes the settings without any secret.</summary>
    public override string ToString()
    {
        var connectionString = ConnectionString is null ? "" : ";ConnectionString=***";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Connection}{connectionString};HealthCheck={(HealthCheck is { Enabled: true } && !DisableHealthChecks ? "on" : "off")}");
    }

    /// <summary>
    /// Why <paramref name="seconds"/> is not a valid timeout (not positive, NaN, or more than a timer can wait, which
    /// includes infinity), or <see langword="null"/> when it is.
    /// </summary>
    internal static string? SecondsError(string key, double seconds)
    {
        var was = seconds.ToString(CultureInfo.InvariantCulture);
        // The relational patterns are false for NaN, so NaN lands in the first message.
        return seconds switch
        {
            not > 0 => $"{key} must be a positive number of seconds (was {was}).",
            > MaxTimeoutSeconds => string.Create(CultureInfo.InvariantCulture,
                $"{key} must be at most {MaxTimeoutSeconds} seconds (was {was})."),
            _ => null,
        };
    }
}
