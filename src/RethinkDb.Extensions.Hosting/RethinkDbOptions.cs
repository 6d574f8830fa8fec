using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace RethinkDb.Extensions.Hosting;

/// <summary>
/// Settings of one RethinkDB client in a host, bound from a configuration section with the keys of the official
/// drivers' <c>r.connect</c> and the same defaults:
/// <code>
/// "RethinkDb": { "Host": "rethink.internal", "Port": 28015, "Db": "marvel", "AuthKey": "hunter2", "Timeout": 20,
///                "Ssl": { "CaCerts": "/etc/rethinkdb/ca.crt" } }
/// </code>
/// </summary>
/// <remarks>
/// The configuration shape of <see cref="ConnectionOptions"/>, which it maps onto (<see cref="ToConnectionOptions"/>):
/// the keys and units of the official drivers (a timeout in seconds, an <c>Ssl</c> section that turns TLS on, a
/// connection string). Validated when the host starts by the core's one validator
/// (<see cref="ConnectionOptions.Validate(Func{string, string})"/>): each failure names the configuration key. <see cref="ToString"/> never shows <see cref="AuthKey"/>, <see cref="Password"/> or
/// <see cref="ConnectionString"/>.
/// </remarks>
public sealed class RethinkDbOptions : IValidatableObject
{
    /// <summary>The default <see cref="Timeout"/> in seconds, as in the official drivers.</summary>
    public const double DefaultTimeoutSeconds = 20;

    /// <summary>The default <see cref="MaxConnections"/>.</summary>
    public const int DefaultMaxConnections = ConnectionOptions.DefaultMaxConnections;

    /// <summary>
    /// The largest <see cref="Timeout"/> and <c>HealthCheck:Timeout</c>, in seconds (about 49.7 days). Both are
    /// enforced by .NET timers (<see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/>), which throw for more
    /// than <see cref="uint.MaxValue"/> - 1 milliseconds; validating here makes that a start-up error naming the key
    /// rather than an exception at the first connection or probe. <see cref="ConnectionOptions.MaxTimeout"/> in whole
    /// seconds (a constant, for the patterns of <see cref="SecondsError"/>; a test keeps the two in step).
    /// </summary>
    internal const double MaxTimeoutSeconds = 4294967;

    /// <summary>Host name or IP address of the server. Default <c>localhost</c>.</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>Driver port of the server. Default 28015.</summary>
    public int Port { get; set; } = ConnectionOptions.DefaultPort;

    /// <summary>The default database of queries. Default <c>test</c>.</summary>
    public string Db { get; set; } = "test";

    /// <summary>
    /// The legacy auth key, which since RethinkDB 2.3 is the <c>admin</c> user's password. Default empty.
    /// Setting both <see cref="AuthKey"/> and <see cref="Password"/> fails validation.
    /// </summary>
    public string AuthKey { get; set; } = "";

    /// <summary>The user to authenticate as. Default <c>admin</c>.</summary>
    public string User { get; set; } = "admin";

    /// <summary>The user's password. Default none (the empty password).</summary>
    public string? Password { get; set; }

    /// <summary>
    /// How long opening a connection may take (DNS, TCP, TLS and handshake), in <b>seconds</b> as in the official
    /// drivers: <c>"Timeout": 20</c> is 20 seconds. Default <see cref="DefaultTimeoutSeconds"/>; at most 4294967
    /// (about 49.7 days).
    /// </summary>
    /// <remarks>A number rather than a <see cref="TimeSpan"/>, which configuration would bind from "20" as 20 days.</remarks>
    public double Timeout { get; set; } = DefaultTimeoutSeconds;

    /// <summary>TLS settings; <see langword="null"/> (no <c>Ssl</c> section) for plain TCP.</summary>
    public RethinkDbSslOptions? Ssl { get; set; }

    /// <summary>
    /// A connection string <c>rethinkdb://[user[:password]@]host[:port][/db][?timeout=20&amp;ssl=true&amp;caCerts=/path]</c>
    /// (user and password percent-encoded). <c>ConnectionStrings:&lt;name&gt;</c> of the application's configuration
    /// sets it too. The parts it contains override the individual settings.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How many connections the pool opens at most, each carrying many queries at once. The server serves each
    /// connection on one thread, so several spread the load over its cores. Opened on demand. Default
    /// <see cref="DefaultMaxConnections"/>.
    /// </summary>
    public int MaxConnections { get; set; } = DefaultMaxConnections;

    /// <summary>
    /// Whether code awaiting a small response may resume on the connection's reader thread while it is short (default:
    /// the driver measures continuations and hands longer ones to the thread pool by itself), or always on the thread
    /// pool (<see langword="false"/>); see <see cref="ConnectionOptions.ResumeOnReaderThread"/>.
    /// </summary>
    public bool ResumeOnReaderThread { get; set; } = true;

    /// <summary>
    /// Seconds to wait before trying again after a connection attempt failed, doubling with each failure up to
    /// <see cref="MaxReconnectDelay"/> (see <see cref="ConnectionOptions.ReconnectDelay"/>). Default 0.25.
    /// </summary>
    public double ReconnectDelay { get; set; } = 0.25;

    /// <summary>The longest wait between connection attempts to a server that is down, in seconds. Default 10.</summary>
    public double MaxReconnectDelay { get; set; } = 10;

    /// <summary>The health check's settings (the <c>HealthCheck</c> sub-section).</summary>
    public RethinkDbHealthCheckOptions HealthCheck { get; set; } = new();

    /// <summary>Turns the health check off (as <c>HealthCheck:Enabled=false</c>; the Aspire components' switch).</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Turns off the tracing of queries (<see cref="ConnectionOptions.EnableTracing"/>).</summary>
    public bool DisableTracing { get; set; }

    /// <summary>Turns off the metrics of queries and connections (<see cref="ConnectionOptions.EnableMetrics"/>).</summary>
    public bool DisableMetrics { get; set; }

    /// <summary>The configuration path the options were bound from, to name keys in validation messages.</summary>
    internal string? ConfigurationPath { get; set; }

    /// <summary>Where <see cref="ConnectionString"/> came from (a configuration key), for messages.</summary>
    internal string? ConnectionStringSource { get; set; }

    /// <summary>Why <see cref="ConnectionString"/> could not be applied (never containing the string itself).</summary>
    internal string? ConnectionStringError { get; set; }

    /// <summary>The core's options for these settings (not validated: <see cref="ConnectionOptions.Validate()"/> does that).</summary>
    /// <param name="loggerFactory">Where connections log; <see langword="null"/> for no logging.</param>
    /// <exception cref="InvalidOperationException">A number of seconds is no duration (NaN, infinite, or too large).</exception>
    public ConnectionOptions ToConnectionOptions(ILoggerFactory? loggerFactory = null) => new()
    {
        Host = Host,
        Port = Port,
        Db = Db,
        AuthKey = AuthKey ?? "",
        User = User,
        Password = string.IsNullOrEmpty(Password) ? null : Password,
        Timeout = Seconds(nameof(Timeout), Timeout),
        Ssl = Ssl is { Enabled: true } ssl ? new SslOptions { CaCerts = NullIfEmpty(ssl.CaCerts), TargetHost = NullIfEmpty(ssl.TargetHost) } : null,
        ResumeOnReaderThread = ResumeOnReaderThread,
        MaxConnections = MaxConnections,
        ReconnectDelay = Seconds(nameof(ReconnectDelay), ReconnectDelay),
        MaxReconnectDelay = Seconds(nameof(MaxReconnectDelay), MaxReconnectDelay),
        EnableTracing = !DisableTracing,
        EnableMetrics = !DisableMetrics,
        LoggerFactory = loggerFactory,
    };

    /// <summary>
    /// Checks the settings with the core's validator; each failure names its configuration key (and never shows a
    /// secret). Only what the core cannot see is checked here: the connection string, numbers of seconds that are
    /// no duration at all, and the health check's own settings.
    /// </summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var failures = new List<ValidationResult>();
        if (ConnectionStringError is not null)
        {
            failures.Add(Failure(ConnectionStringError));
        }
        // A number of seconds that TimeSpan cannot hold: reported here, and replaced by a valid one for the core's checks.
        var unconvertible = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, seconds) in new[] { (nameof(Timeout), Timeout), (nameof(ReconnectDelay), ReconnectDelay), (nameof(MaxReconnectDelay), MaxReconnectDelay) })
        {
            if (SecondsError(Key(name), seconds) is { } error && !IsDuration(seconds))
            {
                failures.Add(Failure(error));
                unconvertible.Add(name);
            }
        }
        var options = new RethinkDbOptions
        {
            Host = Host, Port = Port, Db = Db, AuthKey = AuthKey, User = User, Password = Password, Ssl = Ssl,
            MaxConnections = MaxConnections, ResumeOnReaderThread = ResumeOnReaderThread,
            Timeout = unconvertible.Contains(nameof(Timeout)) ? DefaultTimeoutSeconds : Timeout,
            ReconnectDelay = unconvertible.Contains(nameof(ReconnectDelay)) ? 0.25 : ReconnectDelay,
            MaxReconnectDelay = unconvertible.Contains(nameof(MaxReconnectDelay)) ? Math.Max(10, ReconnectDelay) : MaxReconnectDelay,
        }.ToConnectionOptions();
        foreach (var message in options.Validate(setting => Key(setting.Replace('.', ':'))))
        {
            failures.Add(Failure(message));
        }
        if (HealthCheck is null)
        {
            failures.Add(Failure($"{Key(nameof(HealthCheck))} must not be null."));
        }
        else if (SecondsError(Key("HealthCheck:Timeout"), HealthCheck.Timeout) is { } healthCheckTimeoutError)
        {
            failures.Add(Failure(healthCheckTimeoutError));
        }
        return failures;
    }

    /// <summary>Describes the settings without any secret.</summary>
    public override string ToString()
    {
        // Not ToConnectionOptions().ToString(), although it masks the same secrets: that throws for an invalid
        // Timeout, and invalid options are when they get printed; it also formats numbers in the current culture.
        var secret = !string.IsNullOrEmpty(AuthKey) ? "AuthKey=***" : string.IsNullOrEmpty(Password) ? "Password=<none>" : "Password=***";
        var ssl = Ssl is not { Enabled: true } ? "off" : string.IsNullOrEmpty(Ssl.CaCerts) ? "system trust" : $"CaCerts={Ssl.CaCerts}";
        var connectionString = ConnectionString is null ? "" : ";ConnectionString=***";
        return string.Create(CultureInfo.InvariantCulture,
            $"Host={Host};Port={Port};Db={Db};User={User};{secret};Timeout={Timeout}s;Ssl={ssl};MaxConnections={MaxConnections}{connectionString}");
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

    /// <summary>Whether <paramref name="seconds"/> converts to a <see cref="TimeSpan"/> (the core validates its range).</summary>
    private static bool IsDuration(double seconds) => double.IsFinite(seconds) && Math.Abs(seconds) < TimeSpan.MaxValue.TotalSeconds;

    private TimeSpan Seconds(string name, double seconds) => IsDuration(seconds)
        ? TimeSpan.FromSeconds(seconds)
        : throw new InvalidOperationException(SecondsError(Key(name), seconds));

    /// <summary>The full configuration key of a setting, e.g. <c>RethinkDb:Port</c>.</summary>
    internal string Key(string name) => string.IsNullOrEmpty(ConfigurationPath) ? name : $"{ConfigurationPath}:{name}";

    // No member names: the validator would prefix them ("Port: RethinkDb:Port must..."), and the message names the key.
    private static ValidationResult Failure(string message) => new(message);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
