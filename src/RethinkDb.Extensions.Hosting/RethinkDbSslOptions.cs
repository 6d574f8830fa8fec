namespace RethinkDb.Extensions.Hosting;

/// <summary>
/// TLS settings, bound from the <c>Ssl</c> sub-section: <c>"Ssl": { "CaCerts": "/etc/rethinkdb/ca.crt" }</c>.
/// The presence of the section turns TLS on, as <c>ssl={"ca_certs": path}</c> does in the official drivers.
/// </summary>
public sealed class RethinkDbSslOptions
{
    /// <summary>
    /// Whether TLS is used. Default <see langword="true"/> (the section being there means TLS); set
    /// <c>"Ssl": { "Enabled": false }</c> in an environment's configuration to turn it off again.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Path of a PEM file with the CA certificate(s) the server's certificate must chain to; only these are trusted.
    /// <see langword="null"/> uses the system trust store. The file must exist at start-up.
    /// </summary>
    public string? CaCerts { get; set; }

    /// <summary>The name the server's certificate must carry. Default: the host.</summary>
    public string? TargetHost { get; set; }
}
