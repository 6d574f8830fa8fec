using Microsoft.Extensions.Logging;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Protocol;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Net;

public class LoggingTests
{
    [Fact]
    public async Task No_secret_appears_in_any_log_line_or_error()
    {
        const string password = "pw-7f3a-SECRET";
        using var provider = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { AdminPassword = password });
        var errors = new List<Exception>();

        var options = server.CreateConnectionOptions();
        options.LoggerFactory = factory;
        await using (var ok = await Connection.OpenAsync(options))
        {
            await ok.CloseAsync();
        }

        var v04 = server.CreateConnectionOptions();
        v04.LoggerFactory = factory;
        v04.HandshakeVersion = HandshakeVersion.V0_4;
        v04.Password = null;
        v04.AuthKey = password;
        await using (await Connection.OpenAsync(v04))
        {
        }

        foreach (var wrong in new[] { password + "-wrong", "x" + password })
        {
            var bad = server.CreateConnectionOptions();
            bad.LoggerFactory = factory;
            bad.Password = wrong;
            errors.Add(await Assert.ThrowsAsync<ReqlAuthError>(() => Connection.OpenAsync(bad)));
            bad.Password = null;
            bad.AuthKey = wrong;
            bad.HandshakeVersion = HandshakeVersion.V0_4;
            errors.Add(await Assert.ThrowsAsync<ReqlAuthError>(() => Connection.OpenAsync(bad)));
        }

        Assert.Contains(provider.Lines, l => l.Contains("|1001|", StringComparison.Ordinal)); // opened
        Assert.Contains(provider.Lines, l => l.Contains("|1002|", StringComparison.Ordinal)); // failed
        Assert.Contains(provider.Lines, l => l.Contains("|1003|", StringComparison.Ordinal)); // closed
        Assert.All(provider.Lines, l => Assert.DoesNotContain(password, l, StringComparison.Ordinal));
        Assert.All(errors, e => Assert.DoesNotContain(password, e.ToString(), StringComparison.Ordinal));
    }
}
