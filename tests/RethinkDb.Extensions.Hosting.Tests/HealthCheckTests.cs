using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using RethinkDb.Extensions.Hosting.Tests.Infrastructure;
using RethinkDb.Testing;

namespace RethinkDb.Extensions.Hosting.Tests;

/// <summary>The health check against the protocol test server, through HealthCheckService as an endpoint runs it.</summary>
public sealed class HealthCheckTests
{
    [Fact]
    public async Task Healthy_reports_the_server_and_where_it_is()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { ServerName = "rethink_01" });
        await using var provider = Build(server, ("Db", "marvel"));

        var entry = await CheckAsync(provider);

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal("rethink_01", entry.Data["server_name"]);
        Assert.Equal(server.ServerId.ToString(), entry.Data["server_id"]);
        Assert.Equal(server.Host, entry.Data["host"]);
        Assert.Equal(server.Port, entry.Data["port"]);
        Assert.Equal("marvel", entry.Data["db"]);
        Assert.IsType<double>(entry.Data["latency_ms"]);
        Assert.True((double)entry.Data["latency_ms"] >= 0);
        Assert.Contains("rethink_01", entry.Description, StringComparison.Ordinal);
        Assert.Contains("ready", entry.Tags);
        Assert.Equal(1, server.ConnectionsAccepted); // a real handshake: nothing was open before
    }

    [Fact]
    public async Task A_refused_connection_is_unhealthy_with_a_driver_error()
    {
        var server = await RethinkDbTestServer.StartAsync();
        await server.DisposeAsync(); // the port now refuses connections
        await using var provider = Build(server, ("HealthCheck:Timeout", "5"));

        var entry = await CheckAsync(provider);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        var error = Assert.IsAssignableFrom<ReqlDriverError>(entry.Exception);
        Assert.IsNotType<ReqlTimeoutError>(error);
        Assert.Contains($"{server.Host}:{server.Port}", entry.Description, StringComparison.Ordinal);
        Assert.Equal(server.Port, entry.Data["port"]);
    }

    [Fact]
    public async Task A_wrong_password_is_unhealthy_with_an_auth_error_and_no_secret()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { AdminPassword = "correct-horse-9" });
        await using var provider = Build(server, ("Password", "wrong-battery-7"), ("HealthCheck:Timeout", "5"));

        var entry = await CheckAsync(provider);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.IsType<ReqlAuthError>(entry.Exception);
        foreach (var text in new[] { entry.Description!, entry.Exception!.ToString(), string.Join(",", entry.Data.Values) })
        {
            Assert.DoesNotContain("wrong-battery-7", text, StringComparison.Ordinal);
            Assert.DoesNotContain("correct-horse-9", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(TestServerFault.AcceptAndStall, false)]
    [InlineData(TestServerFault.AcceptAndStall, true)]
    [InlineData(TestServerFault.StallQueries, false)]
    [InlineData(TestServerFault.StallQueries, true)]
    public async Task A_stalled_server_is_unhealthy_within_the_timeout(TestServerFault fault, bool newConnectionPerProbe)
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Fault = fault });
        // The connect timeout (1 s, which also bounds the noreplyWait when the provider is disposed) is longer than
        // the check's 0.5 s: "0.5 s" in the description shows that the check's own timeout fired.
        await using var provider = Build(server, ("HealthCheck:Timeout", "0.5"),
            ("HealthCheck:NewConnectionPerProbe", newConnectionPerProbe ? "true" : "false"),
            ("Timeout", "1"));

        var watch = Stopwatch.StartNew();
        var entry = await CheckAsync(provider);
        watch.Stop();

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.IsType<ReqlTimeoutError>(entry.Exception);
        Assert.Contains("0.5 s", entry.Description, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(0.5) + Hosts.Margin);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_timed_out_probe_leaves_no_query_lease_or_connection_behind(bool newConnectionPerProbe)
    {
        // The handshake succeeds and SERVER_INFO is never answered: only cancelling it ends a probe's query.
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Fault = TestServerFault.StallQueries });
        // The probes are bounded by their own 0.4 s. The connection's timeout bounds opening it, which took over a
        // second once in a full run on two busy cores (SCRAM on both sides), and the drain when the data source is
        // disposed (the stalled server never answers NOREPLY_WAIT): 3 s.
        await using var provider = Build(server, ("HealthCheck:Timeout", "0.4"),
            ("HealthCheck:NewConnectionPerProbe", newConnectionPerProbe ? "true" : "false"),
            ("Timeout", "3"));
        var pool = provider.GetRequiredService<RethinkDbDataSource>();
        if (!newConnectionPerProbe)
        {
            // Opened beforehand, so that every probe sends its query at once instead of spending its time on the handshake.
            await (await pool.OpenConnectionAsync()).DisposeAsync();
        }

        // The old code lost a timer race, so the leak showed on some probes only: several make it show reliably.
        const int Probes = 10;
        for (var probe = 1; probe <= Probes; probe++)
        {
            var entry = await CheckAsync(provider);

            Assert.IsType<ReqlTimeoutError>(entry.Exception);
            // A pooled probe gives its lease back only once its SERVER_INFO (and in-flight slot) is let go; a probe
            // with its own connection closes it. An abandoned query would keep either for good.
            var released = await EventuallyAsync(() =>
                ((RethinkDb.Telemetry.IPoolMetrics)pool).CountConnections().Used == 0 && server.OpenConnections == (newConnectionPerProbe ? 0 : 1));
            Assert.True(released, $"Probe {probe} left its query behind: {((RethinkDb.Telemetry.IPoolMetrics)pool).CountConnections().Used} lease(s) out, " +
                $"{server.OpenConnections} connection(s) open on the server.");
        }

        Assert.Equal(Probes, server.QueriesReceived); // every probe got as far as sending its query
        Assert.Equal(newConnectionPerProbe ? Probes : 1, server.ConnectionsAccepted);
    }

    [Fact]
    public async Task The_timeout_parameter_is_honoured_and_the_failure_status_used()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Fault = TestServerFault.AcceptAndStall });
        await using var provider = Build(server, [("HealthCheck:Enabled", "false")], s => s.AddHealthChecks()
            .AddRethinkDb("db", HealthStatus.Degraded, ["critical"], TimeSpan.FromMilliseconds(300)));

        var watch = Stopwatch.StartNew();
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        watch.Stop();

        var entry = Assert.Single(report.Entries).Value;
        Assert.Equal("db", Assert.Single(report.Entries).Key);
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal(["critical"], entry.Tags);
        Assert.IsType<ReqlTimeoutError>(entry.Exception);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromMilliseconds(300) + Hosts.Margin);
    }

    [Fact]
    public async Task The_longest_timeouts_work()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        await using var provider = Build(server, ("Timeout", "4294967"), ("HealthCheck:Timeout", "4294967"));

        var entry = await CheckAsync(provider);

        Assert.Equal(HealthStatus.Healthy, entry.Status);
    }

    [Fact]
    public void A_timeout_parameter_longer_than_a_timer_can_wait_is_rejected_when_added()
    {
        var services = new ServiceCollection();

        // Accepted before, it made every probe throw from CancellationTokenSource instead of reporting a result.
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => services.AddHealthChecks().AddRethinkDb(timeout: TimeSpan.FromDays(50)));

        Assert.Equal("timeout", error.ParamName);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Concurrent_probes_share_one_connection_attempt(bool newConnectionPerProbe)
    {
        // A stalled handshake keeps every probe in flight at once.
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Fault = TestServerFault.AcceptAndStall });
        await using var provider = Build(server, ("HealthCheck:Timeout", "1"),
            ("HealthCheck:NewConnectionPerProbe", newConnectionPerProbe ? "true" : "false"));
        var service = provider.GetRequiredService<HealthCheckService>();

        var reports = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => service.CheckHealthAsync()));

        Assert.All(reports, r => Assert.Equal(HealthStatus.Unhealthy, r.Status));
        Assert.Equal(1, server.ConnectionsAccepted);
    }

    [Fact]
    public async Task Pooled_probes_reuse_the_pools_connection()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        await using var provider = Build(server);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HealthStatus.Healthy, (await CheckAsync(provider)).Status);
        }

        Assert.Equal(1, server.ConnectionsAccepted);
        Assert.Equal(5, server.QueriesReceived);
    }

    [Fact]
    public async Task With_NewConnectionPerProbe_every_probe_makes_a_full_handshake()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { AdminPassword = "pw-for-probe" });
        await using var provider = Build(server, ("HealthCheck:NewConnectionPerProbe", "true"), ("HealthCheck:Timeout", "5"));

        for (var i = 1; i <= 3; i++)
        {
            var entry = await CheckAsync(provider);
            Assert.Equal(HealthStatus.Healthy, entry.Status);
            Assert.Equal(true, entry.Data["new_connection"]);
            Assert.Equal(i, server.ConnectionsAccepted);
        }
        Assert.Equal(0, provider.GetRequiredService<RethinkDbDataSource>().OpenConnections);

        // Proof that authentication still works: a changed password shows on the very next probe.
        server.SetPassword("admin", "rotated");
        var failed = await CheckAsync(provider);
        Assert.Equal(HealthStatus.Unhealthy, failed.Status);
        Assert.IsType<ReqlAuthError>(failed.Exception);
    }

    [Fact]
    public async Task The_check_recovers_when_the_server_comes_back()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Fault = TestServerFault.CloseDuringHandshake });
        await using var provider = Build(server, ("HealthCheck:Timeout", "5"));

        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync(provider)).Status);
        server.Fault = TestServerFault.None;

        // The data source tries again in the background after its backoff delay; the check follows its state.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while ((await CheckAsync(provider)).Status != HealthStatus.Healthy)
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    [Fact]
    public async Task While_the_server_is_known_down_the_check_reports_the_cause_without_a_handshake_per_probe()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Fault = TestServerFault.CloseDuringHandshake });
        await using var provider = Build(server, ("HealthCheck:Timeout", "5"), ("ReconnectDelay", "60"), ("MaxReconnectDelay", "120"));

        var first = await CheckAsync(provider);
        var second = await CheckAsync(provider);
        var third = await CheckAsync(provider);

        Assert.Equal(HealthStatus.Unhealthy, first.Status);
        Assert.Equal(HealthStatus.Unhealthy, third.Status);
        Assert.Contains("unavailable", second.Description, StringComparison.Ordinal);
        Assert.Contains("Last cause:", third.Description, StringComparison.Ordinal);
        Assert.Equal(1, server.ConnectionsAccepted); // one attempt; the next waits for the backoff
    }

    [Fact]
    public async Task The_automatic_check_can_be_turned_off()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        await using var provider = Build(server, ("HealthCheck:Enabled", "false"));

        var registrations = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;

        Assert.Empty(registrations);
    }

    [Fact]
    public async Task A_check_added_by_hand_under_the_same_name_replaces_the_automatic_one()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        await using var provider = Build(server, [], s => s.AddHealthChecks().AddRethinkDb(tags: ["custom"]));

        var registration = Assert.Single(provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations);

        Assert.Equal("rethinkdb", registration.Name);
        Assert.Equal(["custom"], registration.Tags);
    }

    [Fact]
    public async Task A_readiness_predicate_selects_the_check_by_its_default_tag()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        await using var provider = Build(server);
        var service = provider.GetRequiredService<HealthCheckService>();

        var ready = await service.CheckHealthAsync(c => c.Tags.Contains("ready"));
        var live = await service.CheckHealthAsync(c => c.Tags.Contains("live"));

        Assert.Equal("rethinkdb", Assert.Single(ready.Entries).Key);
        Assert.Empty(live.Entries);
        Assert.Equal(1, server.ConnectionsAccepted);
    }

    [Fact]
    public async Task Invalid_settings_fail_their_own_check_and_leave_the_others_running()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        var configuration = Hosts.Configuration([.. Hosts.ServerSection(server), ("Broken:Port", "0")]);
        await using var provider = Hosts.Build(configuration, (s, c) =>
        {
            s.AddRethinkDb(c.GetSection("RethinkDb"));
            s.AddKeyedRethinkDb("broken", c.GetSection("Broken"));
        });

        // A host with ValidateOnStart would not start; a health endpoint built anyway must still answer.
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, report.Entries["rethinkdb"].Status);
        var broken = report.Entries["rethinkdb_broken"];
        Assert.Equal(HealthStatus.Unhealthy, broken.Status);
        Assert.IsType<OptionsValidationException>(broken.Exception);
        Assert.Contains("Broken:Port must be between 1 and 65535 (was 0).", broken.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_check_without_AddRethinkDb_says_what_is_missing()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHealthChecks().AddRethinkDb();
        await using var provider = services.BuildServiceProvider();

        var entry = Assert.Single((await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries).Value;

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("AddRethinkDb", entry.Exception?.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(RethinkDbTestServer server, params (string Key, string? Value)[] settings) =>
        Build(server, settings, null);

    private static ServiceProvider Build(RethinkDbTestServer server, (string Key, string? Value)[] settings, Action<IServiceCollection>? more) =>
        Hosts.Build(Hosts.Configuration(Hosts.ServerSection(server, "RethinkDb", settings)), (s, c) =>
        {
            s.AddRethinkDb(c.GetSection("RethinkDb"));
            more?.Invoke(s);
        });

    /// <summary>Whether <paramref name="condition"/> holds within a few seconds (released work ends asynchronously).</summary>
    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > Hosts.Margin)
            {
                return false;
            }
            await Task.Delay(10);
        }
        return true;
    }

    private static async Task<HealthReportEntry> CheckAsync(ServiceProvider provider)
    {
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries["rethinkdb"];
    }
}
