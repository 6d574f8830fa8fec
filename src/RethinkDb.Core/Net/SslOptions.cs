namespace RethinkDb;

/// <summary>TLS settings of a connection (the official drivers' <c>ssl={"ca_certs": path}</c>).</summary>
/// <remarks>RethinkDB itself can serve TLS, and is also commonly put behind a TLS proxy such as nginx or HAProxy.</remarks>
public sealed class SslOptions
{
    /// <summary>
    /// Path of a PEM file with the CA certificate(s) the server's certificate must chain to. Only these are
    /// trusted (custom root trust, not the machine store). <see langword="null"/> uses the system trust store.
    /// </summary>
    /// <remarks>
    /// Read when a connection opens, not when the options are validated: a file that is missing, unreadable or holds
    /// no certificate fails opening with <see cref="ReqlDriverError"/> naming the path, as every failure to connect
    /// does (a data source's next attempt reads it again, so a certificate mounted late is picked up).
    /// </remarks>
    public string? CaCerts { get; set; }

    /// <summary>
    /// The name the server's certificate must carry. Default: <see cref="ConnectionOptions.Host"/>.
    /// </summary>
    public string? TargetHost { get; set; }

    /// <summary>A copy of these settings.</summary>
    public SslOptions Clone() => (SslOptions)MemberwiseClone();
}
