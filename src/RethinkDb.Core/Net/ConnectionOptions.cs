using System.Text.Json;
using Microsoft.Extensions.Logging;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// How to open a connection, with the same names and defaults as the official drivers' <c>r.connect</c>:
/// <c>host="localhost", port=28015, db="test", auth_key="", timeout=20, ssl={"ca_certs": path}</c>.
/// </summary>
/// <remarks><see cref="ToString"/> never shows <see cref="AuthKey"/> or <see cref="Password"/>.</remarks>
public sealed class ConnectionOptions
{
    /// <summary>The default driver port of RethinkDB.</summary>
    public const int DefaultPort = 28015;

    /// <summary>The longest <see cref="Timeout"/> accepted: about 49.7 days, the limit of a timer.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    /// <summary>Host name or IP address of the server. Default <c>localhost</c>.</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>Driver port of the server. Default 28015.</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>The default database of queries run on the connection. Default <c>test</c>.</summary>
    public string Db { get; set; } = "test";

    /// <summary>
    /// The legacy auth key. Since RethinkDB 2.3 it is the <c>admin</c> user's password, as in the official
    /// drivers. Default empty. Setting both <see cref="AuthKey"/> and <see cref="Password"/> is an error.
    /// </summary>
    public string AuthKey { get; set; } = "";

    /// <summary>The user to authenticate as with the V1_0 handshake. Default <c>admin</c>.</summary>
    public string User { get; set; } = "admin";

    /// <summary>The user's password. Default none (the empty password).</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Bounds everything opening a connection does: DNS, TCP connect to every resolved address, TLS and the
    /// handshake. Default 20 seconds. Exceeding it raises <see cref="ReqlTimeoutError"/>.
    /// </summary>
    /// <remarks>
    /// Once open, it also bounds a send that makes no progress (a server that reads nothing for that long): the
    /// connection then breaks, and its queries fail with <see cref="ReqlDriverError"/>.
    /// </remarks>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>TLS settings; <see langword="null"/> (the default) for a plain TCP connection.</summary>
    public SslOptions? Ssl { get; set; }

    /// <summary>The handshake to speak. Default <see cref="HandshakeVersion.V1_0"/>.</summary>
    public HandshakeVersion HandshakeVersion { get; set; } = HandshakeVersion.V1_0;

    /// <summary>
    /// Allows the V0_4 handshake to send a non-empty auth key in the clear over a connection that is neither TLS
    /// nor loopback. Default <see langword="false"/>.
    /// </summary>
    public bool AllowPlaintextAuthKey { get; set; }

    /// <summary>
    /// The largest response frame accepted, in bytes. A larger length prefix is a protocol error that closes the
    /// connection rather than an attempt to allocate it. Default 256 MiB.
    /// </summary>
    public int MaxResponseSize { get; set; } = 256 * 1024 * 1024;

    /// <summary>
    /// How many queries may be in flight on the connection at once; further callers wait for a slot.
    /// Default and maximum 1024, the server's limit per connection.
    /// </summary>
    public int MaxInFlightQueries { get; set; } = WireConstants.MaxConcurrentQueries;

    /// <summary>
    /// Whether code awaiting a small response may resume on the connection's reader thread (default
    /// <see langword="true"/>) or always on the thread pool (<see langword="false"/>: one hand-off per response, as
    /// with most drivers). An override: the default needs no tuning.
    /// </summary>
    /// <remarks>
    /// By default, callers resume inline on the reader (no thread hand-off, the least CPU per query) while the code
    /// they run after their answer is short, and on the thread pool while it takes longer than a few tens of
    /// microseconds on average (so handlers run in parallel instead of one after another on the reader), back inline
    /// when short again. A caller that blocks the reader for 10–20 ms loses it to a new thread.
    /// </remarks>
    public bool ResumeOnReaderThread { get; set; } = true;

    /// <summary>Serializer options for documents and results. Default: the driver's web defaults.</summary>
    public JsonSerializerOptions? JsonSerializerOptions { get; set; }

    /// <summary>Where the connection logs open, close and failure events. Default: no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    internal string EffectivePassword => AuthKey.Length > 0 ? AuthKey : Password ?? "";

    /// <summary>A copy of these options (the <see cref="Ssl"/> settings are copied too).</summary>
    public ConnectionOptions Clone()
    {
        var copy = (ConnectionOptions)MemberwiseClone();
        copy.Ssl = Ssl?.Clone();
        return copy;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("Host must not be empty.", nameof(Host));
        }
        if (Port is < 1 or > 65535)
        {
            throw new ArgumentException($"Port must be between 1 and 65535 (was {Port}).", nameof(Port));
        }
        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Timeout must be positive (was {Timeout}).", nameof(Timeout));
        }
        if (Timeout > MaxTimeout)
        {
            // A CancellationTokenSource timer cannot run longer (uint.MaxValue - 1 milliseconds).
            throw new ArgumentException($"Timeout must be at most {MaxTimeout.TotalSeconds:0} seconds (was {Timeout}).", nameof(Timeout));
        }
        if (string.IsNullOrWhiteSpace(Db))
        {
            throw new ArgumentException("Db must not be empty.", nameof(Db));
        }
        if (AuthKey is null)
        {
            throw new ArgumentException("AuthKey must not be null; use \"\" for none.", nameof(AuthKey));
        }
        if (AuthKey.Length > 0 && !string.IsNullOrEmpty(Password))
        {
            throw new ArgumentException(
                "Set either AuthKey (the admin password) or User/Password, not both.", nameof(AuthKey));
        }
        if (AuthKey.Length > 0 && !string.Equals(User, "admin", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                "AuthKey is the admin user's password; it cannot be combined with another User.", nameof(AuthKey));
        }
        if (string.IsNullOrEmpty(User))
        {
            throw new ArgumentException("User must not be empty.", nameof(User));
        }
        if (MaxResponseSize < 1024)
        {
            throw new ArgumentException("MaxResponseSize must be at least 1024 bytes.", nameof(MaxResponseSize));
        }
        if (MaxInFlightQueries is < 1 or > WireConstants.MaxConcurrentQueries)
        {
            throw new ArgumentException(
                $"MaxInFlightQueries must be between 1 and {WireConstants.MaxConcurrentQueries}.", nameof(MaxInFlightQueries));
        }
    }

    /// <summary>Describes the options without any secret.</summary>
    public override string ToString()
    {
        var secret = AuthKey.Length > 0 ? "AuthKey=***" : string.IsNullOrEmpty(Password) ? "Password=<none>" : "Password=***";
        var ssl = Ssl is null ? "off" : Ssl.CaCerts is null ? "system trust" : $"CaCerts={Ssl.CaCerts}";
        return $"Host={Host};Port={Port};Db={Db};User={User};{secret};Timeout={Timeout.TotalSeconds}s;Ssl={ssl};Handshake={HandshakeVersion}";
    }
}
