namespace RethinkDb.Core.Tests.Infrastructure;

/// <summary>Which server an integration test runs against.</summary>
public enum ServerKind
{
    /// <summary>The in-process protocol test server (always available).</summary>
    TestServer,

    /// <summary>A real RethinkDB server named by RETHINKDB_HOST (RETHINKDB_PORT, RETHINKDB_PASSWORD).</summary>
    RealServer,
}
