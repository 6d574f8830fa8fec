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
/// Validated when the host starts (see <see cref="RethinkDbOptionsValidator"/>): each failure names the configuration
/// key. <see cref="ToString"/> never shows <see cref="AuthKey"/>, <see cref="Password"/> or
/// <see cref="ConnectionString"/>.
/// </remarks>
public sealed class RethinkDbOptions : IValidatableObject
{
    /// <summary>The default <see cref="Timeout"/> in seconds, as in the official drivers.</summary>
    public const double DefaultTimeoutSeconds = 20;

    /// <summary>The default <see cref="MaxConnections"/>.</summary>
    public const int DefaultMaxConnections = 4;

    /// <summary>
    /// The largest <see cref="Timeout"/> and <c>HealthCheck:Timeout</c>, in seconds (about 49.7 days). Both are
    /// enforced by .NET timers (<see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/>), which throw for more
    /// than <see cref="uint.MaxValue"/> - 1 milliseconds; validating here makes that a start-up error naming the key
    /// rather than an exception at the first connection or probe. <see cref="ConnectionOptions.MaxTimeout"/> in whole
    /// seconds (a constant, for the patterns of <see cref="TimeoutError"/>; a test keeps the two in step).
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
    /// Whether code awaiting a small response resumes on the connection's reader thread (default: the least CPU per
    /// query) or on the thread pool; see <see cref="ConnectionOptions.ResumeOnReaderThread"/>. Set
    /// <see langword="false"/> when request code does long CPU work after its queries on many cores.
    /// </summary>
    public bool ResumeOnReaderThread { get; set; } = true;

    /// <summary>The health check's settings (the <c>HealthCheck</c> sub-section).</summary>
    public RethinkDbHealthCheckOptions HealthCheck { get; set; } = new();

    /// <summary>The configuration path the options were bound from, to name keys in validation messages.</summary>
    internal string? ConfigurationPath { get; set; }

    /// <summary>Where <see cref="ConnectionString"/> came from (a configuration key), for messages.</summary>
    internal string? ConnectionStringSource { get; set; }

    /// <summary>Why <see cref="ConnectionString"/> could not be applied (never containing the string itself).</summary>
    internal string? ConnectionStringError { get; set; }

    /// <summary>The driver's options for these settings.</summary>
    /// <param name="loggerFactory">Where connections log; <see langword="null"/> for no logging.</param>
    /// <exception cref="InvalidOperationException"><see cref="Timeout"/> is not a number of seconds a timer can wait.</exception>
    public ConnectionOptions ToConnectionOptions(ILoggerFactory? loggerFactory = null) => new()
    {
        Host = Host,
        Port = Port,
        Db = Db,
        AuthKey = AuthKey ?? "",
        User = User,
        Password = string.IsNullOrEmpty(Password) ? null : Password,
        // Checked here too, for options that never went through validation (a pool created by hand): without it,
        // a huge value fails in TimeSpan.FromSeconds with an OverflowException that names no setting.
        Timeout = TimeoutError(Key(nameof(Timeout)), Timeout) is { } error
            ? throw new InvalidOperationException(error)
            : TimeSpan.FromSeconds(Timeout),
        Ssl = Ssl is { Enabled: true } ssl ? new SslOptions { CaCerts = NullIfEmpty(ssl.CaCerts), TargetHost = NullIfEmpty(ssl.TargetHost) } : null,
        ResumeOnReaderThread = ResumeOnReaderThread,
        LoggerFactory = loggerFactory,
    };

    /// <summary>Checks the settings; each failure names its configuration key (and never shows a secret).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ConnectionStringError is not null)
        {
            yield return Failure(ConnectionStringError);
        }
        if (string.IsNullOrWhiteSpace(Host))
        {
            yield return Failure($"{Key(nameof(Host))} must not be empty.");
        }
        if (Port is < 1 or > 65535)
        {
            yield return Failure($"{Key(nameof(Port))} must be between 1 and 65535 (was {Port}).");
        }
        if (string.IsNullOrWhiteSpace(Db))
        {
            yield return Failure($"{Key(nameof(Db))} must not be empty.");
        }
        if (string.IsNullOrEmpty(User))
        {
            yield return Failure($"{Key(nameof(User))} must not be empty.");
        }
        if (TimeoutError(Key(nameof(Timeout)), Timeout) is { } timeoutError)
        {
            yield return Failure(timeoutError);
        }
        if (!string.IsNullOrEmpty(AuthKey) && !string.IsNullOrEmpty(Password))
        {
            yield return Failure(
                $"{Key(nameof(AuthKey))} and {Key(nameof(Password))} are both set; set one of them (AuthKey is the admin user's password).");
        }
        else if (!string.IsNullOrEmpty(AuthKey) && !string.Equals(User, "admin", StringComparison.Ordinal))
        {
            yield return Failure(
                $"{Key(nameof(AuthKey))} is the admin user's password; it cannot be combined with {Key(nameof(User))} '{User}'. Use {Key(nameof(Password))}.");
        }
        if (Ssl is { Enabled: true, CaCerts: { Length: > 0 } caCerts } && !File.Exists(caCerts))
        {
            yield return Failure($"{Key("Ssl:CaCerts")}: the file '{caCerts}' does not exist.");
        }
        if (MaxConnections is < 1 or > 1024)
        {
            yield return Failure($"{Key(nameof(MaxConnections))} must be between 1 and 1024 (was {MaxConnections}).");
        }
        if (HealthCheck is null)
        {
            yield return Failure($"{Key(nameof(HealthCheck))} must not be null.");
        }
        else if (TimeoutError(Key("HealthCheck:Timeout"), HealthCheck.Timeout) is { } healthCheckTimeoutError)
        {
            yield return Failure(healthCheckTimeoutError);
        }
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
    internal static string? TimeoutError(string key, double seconds)
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

    /// <summary>The full configuration key of a setting, e.g. <c>RethinkDb:Port</c>.</summary>
    internal string Key(string name) => string.IsNullOrEmpty(ConfigurationPath) ? name : $"{ConfigurationPath}:{name}";

    // No member names: the validator would prefix them ("Port: RethinkDb:Port must..."), and the message names the key.
    private static ValidationResult Failure(string message) => new(message);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
