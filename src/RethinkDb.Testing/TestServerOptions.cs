namespace RethinkDb.Testing;

/// <summary>Settings of a <see cref="RethinkDbTestServer"/>.</summary>
public sealed class TestServerOptions
{
    /// <summary>The <c>admin</c> user's password (and so the V0_4 auth key). Default empty, as on a fresh server.</summary>
    public string AdminPassword { get; set; } = "";

    /// <summary>Further users and their passwords.</summary>
    public Dictionary<string, string> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>PBKDF2 iterations of stored passwords. Default 4096, as RethinkDB uses.</summary>
    public int ScramIterations { get; set; } = 4096;

    /// <summary>Whether the legacy V0_4 handshake is accepted. Default true, as on RethinkDB 2.4.</summary>
    public bool AcceptLegacyHandshake { get; set; } = true;

    /// <summary>TLS certificate to serve; <see langword="null"/> for plain TCP. See <see cref="TestCertificates"/>.</summary>
    public TestCertificates? Tls { get; set; }

    /// <summary>The server's name in SERVER_INFO. Default <c>test_server</c>.</summary>
    public string ServerName { get; set; } = "test_server";

    /// <summary>The fault applied to connections accepted from the start; see <see cref="RethinkDbTestServer.Fault"/>.</summary>
    public TestServerFault Fault { get; set; }

    /// <summary>With <see cref="TestServerFault.ResetAfterQueries"/>: how many queries to collect before the reset.</summary>
    public int ResetAfterQueries { get; set; } = 1;

    /// <summary>With <see cref="TestServerFault.SlowOutOfOrder"/>: the longest delay of a response.</summary>
    public TimeSpan MaxResponseDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Rows per batch of sequences the test server streams (exercises CONTINUE). Default 1000.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>Port to listen on; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }
}
