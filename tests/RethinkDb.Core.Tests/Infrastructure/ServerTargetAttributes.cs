using System.Reflection;
using Xunit.Sdk;

namespace RethinkDb.Core.Tests.Infrastructure;

/// <summary>Runs the theory against the in-process test server.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TestServerAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[ServerKind.TestServer]];
}

/// <summary>
/// Runs the theory against a real RethinkDB server when RETHINKDB_HOST is set; reported as skipped otherwise.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RealServerAttribute : DataAttribute
{
    public RealServerAttribute()
    {
        if (RealServer.Host is null)
        {
            Skip = "RETHINKDB_HOST is not set: no real RethinkDB server to run against.";
        }
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[ServerKind.RealServer]];
}

/// <summary>
/// A fact that needs a real RethinkDB server serving TLS on RETHINKDB_TLS_PORT (same host as RETHINKDB_HOST) with a
/// certificate signed by the CA in the PEM file RETHINKDB_CA_CERTS; reported as skipped otherwise.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RealTlsServerFactAttribute : FactAttribute
{
    public RealTlsServerFactAttribute()
    {
        if (RealServer.Host is null || RealServer.TlsPort is null || RealServer.CaCerts is null)
        {
            Skip = "RETHINKDB_HOST, RETHINKDB_TLS_PORT and RETHINKDB_CA_CERTS are not all set: no real TLS server to run against.";
        }
    }
}

/// <summary>The real server named by the environment, if any.</summary>
public static class RealServer
{
    public static string? Host => Environment.GetEnvironmentVariable("RETHINKDB_HOST") is { Length: > 0 } host ? host : null;

    public static int Port => int.TryParse(Environment.GetEnvironmentVariable("RETHINKDB_PORT"), out var port) ? port : 28015;

    public static int? TlsPort => int.TryParse(Environment.GetEnvironmentVariable("RETHINKDB_TLS_PORT"), out var port) ? port : null;

    public static string? CaCerts => Environment.GetEnvironmentVariable("RETHINKDB_CA_CERTS") is { Length: > 0 } path ? path : null;

    public static string Password => Environment.GetEnvironmentVariable("RETHINKDB_PASSWORD") ?? "";
}
