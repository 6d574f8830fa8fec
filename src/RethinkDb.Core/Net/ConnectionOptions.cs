using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// How to open a connection, with the same names and defaults as the official drivers' <c>r.connect</c>:
/// <c>host="localhost", port=28015, db="test", auth_key="", timeout=20, ssl={"ca_certs": path}</c>.
/// </summary>
/// <remarks>
/// <para>One model for every way of connecting: <see cref="Connection.OpenAsync(ConnectionOptions, CancellationToken)"/>
/// uses the connection settings, a <see cref="RethinkDbDataSource"/> also its pool settings
/// (<see cref="MaxConnections"/>, <see cref="ReconnectDelay"/>, <see cref="MaxReconnectDelay"/>), and the hosting
/// package binds configuration onto it.</para>
/// <para><see cref="ToString"/> never shows <see cref="AuthKey"/> or <see cref="Password"/>.</para>
/// </remarks>
public sealed class ConnectionOptions
{
    /// <summary>The default driver port of RethinkDB.</summary>
    public const int DefaultPort = 28015;

    /// <summary>The longest <see cref="Timeout"/> accepted: about 49.7 days, the limit of a timer.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    /// <summary>The default <see cref="MaxConnections"/>.</summary>
    public const int DefaultMaxConnections = 4;

    /// <summary>The most <see cref="MaxConnections"/> accepted.</summary>
    public const int MaxMaxConnections = 1024;

    /// <summary>Host name or IP address of the server. Default <c>localhost</c>.</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>Driver port of the server. Default 28015.</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>
    /// The servers of a cluster to connect to (the seeds), each <c>host</c>, <c>host:port</c> or
    /// <c>[IPv6]:port</c>; an entry without a port uses <see cref="Port"/>. Empty (the default): <see cref="Host"/>
    /// and <see cref="Port"/> name the one server. A <see cref="RethinkDbDataSource"/> spreads its connections over
    /// them; a single <see cref="Connection"/> opens to the first that answers.
    /// </summary>
    /// <remarks>TLS, credentials and <see cref="Timeout"/> apply to every host.</remarks>
    public IList<string> Hosts { get; set; } = new List<string>();

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
    /// they run after their answer is short, and on the thread pool while it takes longer than a few microseconds on
    /// average and would keep the reader busy most of its time (so handlers run in parallel instead of one after
    /// another on the reader), back inline when short or rare again. A caller that blocks the reader for 10–20 ms loses it to a new thread.
    /// </remarks>
    public bool ResumeOnReaderThread { get; set; } = true;

    /// <summary>
    /// How many connections a <see cref="RethinkDbDataSource"/> opens at most, each carrying many queries at once.
    /// The server serves each connection on one thread, so several spread the load over its cores. Opened on
    /// demand. Default <see cref="DefaultMaxConnections"/>; a single <see cref="Connection"/> ignores it.
    /// </summary>
    public int MaxConnections { get; set; } = DefaultMaxConnections;

    /// <summary>
    /// How long a <see cref="RethinkDbDataSource"/> waits before trying again after a connection attempt failed;
    /// the wait doubles with each further failure (with random jitter) up to <see cref="MaxReconnectDelay"/>, and
    /// starts over after a success. Meanwhile callers fail at once with the last cause. Default 0.25 seconds.
    /// </summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between connection attempts to a server that is down. Default 10 seconds.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether queries are traced (an <see cref="System.Diagnostics.Activity"/> per query on the
    /// <see cref="RethinkDbTelemetry.ActivitySourceName"/> source, while a listener subscribes). Default <see langword="true"/>.
    /// </summary>
    public bool EnableTracing { get; set; } = true;

    /// <summary>
    /// Whether queries and connections are measured (the <see cref="RethinkDbTelemetry.MeterName"/> meter, while a
    /// listener subscribes). Default <see langword="true"/>.
    /// </summary>
    public bool EnableMetrics { get; set; } = true;

    /// <summary>
    /// Serializer options for documents and results. Default: the driver's web defaults. Under Native AOT, set
    /// options whose <see cref="JsonSerializerOptions.TypeInfoResolver"/> is a source-generated context that knows
    /// the types of your documents.
    /// </summary>
    public JsonSerializerOptions? JsonSerializerOptions { get; set; }

    /// <summary>Where the connection logs open, close and failure events. Default: no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    internal string EffectivePassword => AuthKey.Length > 0 ? AuthKey : Password ?? "";

    /// <summary>
    /// The servers to connect to: the parsed <see cref="Hosts"/>, or <see cref="Host"/>:<see cref="Port"/> when it is
    /// empty. Call on validated options (an invalid entry throws <see cref="ArgumentException"/>).
    /// </summary>
    internal IReadOnlyList<HostEntry> SeedHosts()
    {
        if (Hosts is not { Count: > 0 })
        {
            return [new HostEntry(Host, Port)];
        }
        var seeds = new List<HostEntry>(Hosts.Count);
        foreach (var entry in Hosts)
        {
            if (HostEntry.TryParse(entry, Port, out var seed) is { } error)
            {
                throw new ArgumentException($"Hosts: {error}.", nameof(Hosts));
            }
            if (!seeds.Contains(seed))
            {
                seeds.Add(seed);
            }
        }
        return seeds;
    }

    /// <summary>
    /// Options from a connection string
    /// <c>rethinkdb://[user[:password]@]host[:port][,host[:port]...][/db][?timeout=20&amp;ssl=true&amp;caCerts=/path&amp;authKey=k]</c>
    /// (user and password percent-encoded; <c>[IPv6]:port</c> for an IPv6 host); every other setting at its default.
    /// </summary>
    /// <param name="connectionString">The connection string.</param>
    /// <exception cref="ArgumentException">The string is not a valid connection string; the message says which part
    /// is wrong and never shows the string.</exception>
    public static ConnectionOptions Parse(string connectionString)
    {
        var options = new ConnectionOptions();
        options.ApplyConnectionString(connectionString);
        return options;
    }

    /// <summary>
    /// Sets the settings a connection string contains (see <see cref="Parse"/>) and leaves the others as they are:
    /// one host sets <see cref="Host"/> (and <see cref="Port"/> when it has one) and empties <see cref="Hosts"/>;
    /// several set <see cref="Hosts"/>; <c>timeout</c> is in seconds; <c>ssl=false</c> turns TLS off.
    /// </summary>
    /// <param name="connectionString">The connection string.</param>
    /// <exception cref="ArgumentException">The string is not a valid connection string (then nothing was changed);
    /// the message, which starts with <see cref="InvalidConnectionStringMessage"/>, says which part is wrong and never
    /// shows the string.</exception>
    public void ApplyConnectionString(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        if (RethinkDb.ConnectionString.TryApply(connectionString, this) is { } error)
        {
            // No parameter name: ArgumentException would append it to the message that hosts show as it is.
#pragma warning disable CA2208
            throw new ArgumentException($"{InvalidConnectionStringMessage}{error}.");
#pragma warning restore CA2208
        }
    }

    /// <summary>
    /// How the message of an invalid connection string starts; a host replaces "The connection string" with where
    /// the string came from (<c>ConnectionStrings:rethinkdb is not a valid ...</c>).
    /// </summary>
    public const string InvalidConnectionStringMessage = "The connection string is not a valid rethinkdb:// connection string: ";

    /// <summary>A copy of these options (the <see cref="Ssl"/> settings are copied too).</summary>
    public ConnectionOptions Clone()
    {
        var copy = (ConnectionOptions)MemberwiseClone();
        copy.Ssl = Ssl?.Clone();
        copy.Hosts = Hosts is null ? new List<string>() : new List<string>(Hosts);
        return copy;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        foreach (var (setting, message) in Check(static name => name))
        {
            throw new ArgumentException(message, setting);
        }
    }

    /// <summary>
    /// Checks every setting and returns one message per invalid one (none when all are valid), each naming its
    /// setting through <paramref name="nameSetting"/>: a host passes a function that turns <c>Timeout</c> or
    /// <c>Ssl.CaCerts</c> into its configuration key. No message shows a password or an auth key.
    /// </summary>
    /// <param name="nameSetting">Maps a setting's name (<c>Port</c>, <c>Ssl.CaCerts</c>) to the name to show.</param>
    public IReadOnlyList<string> Validate(Func<string, string> nameSetting)
    {
        ArgumentNullException.ThrowIfNull(nameSetting);
        var messages = new List<string>();
        foreach (var (_, message) in Check(nameSetting))
        {
            messages.Add(message);
        }
        return messages;
    }

    private IEnumerable<(string Setting, string Message)> Check(Func<string, string> name)
    {
        var c = CultureInfo.InvariantCulture;
        if (string.IsNullOrWhiteSpace(Host))
        {
            yield return (nameof(Host), $"{name(nameof(Host))} must not be empty.");
        }
        if (Port is < 1 or > 65535)
        {
            yield return (nameof(Port), string.Create(c, $"{name(nameof(Port))} must be between 1 and 65535 (was {Port})."));
        }
        if (Hosts is null)
        {
            yield return (nameof(Hosts), $"{name(nameof(Hosts))} must not be null; leave it empty to use {name(nameof(Host))}.");
        }
        else
        {
            for (var i = 0; i < Hosts.Count; i++)
            {
                var setting = string.Create(c, $"{nameof(Hosts)}:{i}");
                if (HostEntry.TryParse(Hosts[i], Port is >= 1 and <= 65535 ? Port : DefaultPort, out _) is { } error)
                {
                    yield return (setting, $"{name(setting)} {error}.");
                }
            }
        }
        if (string.IsNullOrWhiteSpace(Db))
        {
            yield return (nameof(Db), $"{name(nameof(Db))} must not be empty.");
        }
        if (string.IsNullOrEmpty(User))
        {
            yield return (nameof(User), $"{name(nameof(User))} must not be empty.");
        }
        if (TimeoutError(name(nameof(Timeout)), Timeout) is { } timeout)
        {
            yield return (nameof(Timeout), timeout);
        }
        if (AuthKey is null)
        {
            yield return (nameof(AuthKey), $"{name(nameof(AuthKey))} must not be null; use \"\" for none.");
        }
        else if (AuthKey.Length > 0 && !string.IsNullOrEmpty(Password))
        {
            yield return (nameof(AuthKey),
                $"{name(nameof(AuthKey))} and {name(nameof(Password))} are both set; set one of them (AuthKey is the admin user's password).");
        }
        else if (AuthKey.Length > 0 && !string.Equals(User, "admin", StringComparison.Ordinal))
        {
            yield return (nameof(AuthKey),
                $"{name(nameof(AuthKey))} is the admin user's password; it cannot be combined with {name(nameof(User))} '{User}'. Use {name(nameof(Password))}.");
        }
        // Not whether Ssl.CaCerts exists: a file is read when a connection opens, and one that is missing, unreadable
        // or holds no certificate then fails that attempt with ReqlDriverError, as every failure to connect does.
        if (MaxResponseSize < 1024)
        {
            yield return (nameof(MaxResponseSize), $"{name(nameof(MaxResponseSize))} must be at least 1024 bytes.");
        }
        if (MaxInFlightQueries is < 1 or > WireConstants.MaxConcurrentQueries)
        {
            yield return (nameof(MaxInFlightQueries), string.Create(c,
                $"{name(nameof(MaxInFlightQueries))} must be between 1 and {WireConstants.MaxConcurrentQueries} (was {MaxInFlightQueries})."));
        }
        if (MaxConnections is < 1 or > MaxMaxConnections)
        {
            yield return (nameof(MaxConnections), string.Create(c,
                $"{name(nameof(MaxConnections))} must be between 1 and {MaxMaxConnections} (was {MaxConnections})."));
        }
        if (TimeoutError(name(nameof(ReconnectDelay)), ReconnectDelay) is { } reconnect)
        {
            yield return (nameof(ReconnectDelay), reconnect);
        }
        if (TimeoutError(name(nameof(MaxReconnectDelay)), MaxReconnectDelay) is { } maxReconnect)
        {
            yield return (nameof(MaxReconnectDelay), maxReconnect);
        }
        else if (MaxReconnectDelay < ReconnectDelay)
        {
            yield return (nameof(MaxReconnectDelay), string.Create(c,
                $"{name(nameof(MaxReconnectDelay))} must be at least {name(nameof(ReconnectDelay))} ({ReconnectDelay.TotalSeconds} seconds; was {MaxReconnectDelay.TotalSeconds})."));
        }
    }

    /// <summary>Why <paramref name="value"/> is no duration a timer can wait (not positive, or too long), or null.</summary>
    private static string? TimeoutError(string name, TimeSpan value)
    {
        var c = CultureInfo.InvariantCulture;
        if (value <= TimeSpan.Zero)
        {
            return string.Create(c, $"{name} must be a positive number of seconds (was {value.TotalSeconds}).");
        }
        // A CancellationTokenSource timer cannot run longer (uint.MaxValue - 1 milliseconds).
        return value > MaxTimeout
            ? string.Create(c, $"{name} must be at most {Math.Floor(MaxTimeout.TotalSeconds)} seconds (was {value.TotalSeconds}).")
            : null;
    }

    /// <summary>Describes the options without any secret.</summary>
    public override string ToString()
    {
        var secret = AuthKey.Length > 0 ? "AuthKey=***" : string.IsNullOrEmpty(Password) ? "Password=<none>" : "Password=***";
        var ssl = Ssl is null ? "off" : Ssl.CaCerts is null ? "system trust" : $"CaCerts={Ssl.CaCerts}";
        var server = Hosts is { Count: > 0 } ? $"Hosts={string.Join(',', Hosts.Select(static h => h is not null && h.Contains('@', StringComparison.Ordinal) ? "***" : h))}" : $"Host={Host};Port={Port}";
        return $"{server};Db={Db};User={User};{secret};Timeout={Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s;Ssl={ssl};Handshake={HandshakeVersion};MaxConnections={MaxConnections}";
    }
}
