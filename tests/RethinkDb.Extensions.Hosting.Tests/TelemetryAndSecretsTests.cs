using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RethinkDb.Extensions.Hosting.Tests.Infrastructure;
using RethinkDb.Testing;

namespace RethinkDb.Extensions.Hosting.Tests;

/// <summary>Logs, traces and metrics: captured whole, checked against the conventions, and searched for the password.</summary>
public sealed class TelemetryAndSecretsTests
{
    private const string Password = "Sup3r-S3cret-Pa55";
    private const string WrongPassword = "Wr0ng-Guess-Pa55";

    [Fact]
    public async Task No_log_entry_contains_a_password()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { AdminPassword = Password });
        var logs = new CapturingLoggerProvider();
        var configuration = Hosts.Configuration(
            ("ConnectionStrings:rethinkdb", $"rethinkdb://admin:{Password}@{server.Host}:{server.Port}/test"),
            ("ConnectionStrings:wrong", $"rethinkdb://admin:{WrongPassword}@{server.Host}:{server.Port}/test"),
            ("Bad:ConnectionString", $"rethinkdb://admin:{Password}@{server.Host}?nonsense=1"));
        await using (var provider = Hosts.Build(configuration, (s, c) =>
        {
            s.AddRethinkDb(c.GetSection("RethinkDb"));
            s.AddKeyedRethinkDb("wrong", c.GetSection("Wrong"), o => o.HealthCheck.Timeout = 5);
            s.AddKeyedRethinkDb("bad", c.GetSection("Bad"));
            s.AddKeyedRethinkDb("stalled", o =>
            {
                o.Connection.Host = server.Host;
                o.Connection.Port = server.Port;
                o.Connection.Password = Password;
                o.HealthCheck.Timeout = 0.3;
                o.HealthCheck.NewConnectionPerProbe = true;
            });
        }, logs))
        {
            // Success, a wrong password, a stalled handshake and an invalid connection string, through every path that logs.
            await using (var scope = provider.CreateAsyncScope())
            {
                await using var conn = await scope.ServiceProvider.GetRequiredService<IRethinkDbConnectionFactory>().OpenAsync();
                await conn.ServerAsync();
            }
            server.Fault = TestServerFault.None;
            var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name != "rethinkdb_bad" && r.Name != "rethinkdb_stalled");
            Assert.Equal(HealthStatus.Healthy, report.Entries["rethinkdb"].Status);
            Assert.IsType<ReqlAuthError>(report.Entries["rethinkdb_wrong"].Exception);
            server.Fault = TestServerFault.AcceptAndStall;
            report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "rethinkdb_stalled");
            Assert.IsType<ReqlTimeoutError>(report.Entries["rethinkdb_stalled"].Exception);
            server.Fault = TestServerFault.None;
            var invalid = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<RethinkDbSettings>>().Get("bad"));
            Assert.DoesNotContain(Password, invalid.Message, StringComparison.Ordinal);
        }

        var text = logs.AllText();
        Assert.Contains(logs.Entries, e => e.Category == "RethinkDb.DataSource");
        Assert.Contains(logs.Entries, e => e.Category == "RethinkDb.HealthCheck");
        Assert.Contains(logs.Entries, e => e.Category == "RethinkDb.Connection");
        Assert.Contains(logs.Entries, e => e.Exception?.Contains(nameof(ReqlAuthError), StringComparison.Ordinal) == true); // the auth failure was logged...
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal); // ...without any password
        Assert.DoesNotContain(WrongPassword, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("authKey%3D")] // the '=' escaped: the part unescapes to "authKey=<secret>", all of it the name
    [InlineData("authKey:")]   // a typo for '='
    [InlineData("")]           // the secret alone
    public async Task A_secret_in_a_malformed_query_parameter_shows_nowhere(string before)
    {
        var logs = new CapturingLoggerProvider();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("ConnectionStrings:rethinkdb", $"rethinkdb://rethink.internal?{before}{Password}")]);
        builder.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        builder.Services.AddRethinkDb(builder.Configuration.GetSection("RethinkDb"));
        using var host = builder.Build();

        // Everywhere the message goes: the start-up failure, its log, and the health check's description.
        var startup = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        var entry = (await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["rethinkdb"];

        Assert.Contains(startup.Failures, f => f.EndsWith("an unknown parameter (known: timeout, ssl, caCerts, authKey).", StringComparison.Ordinal));
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("an unknown parameter", entry.Description, StringComparison.Ordinal);
        Assert.Contains("an unknown parameter", logs.AllText(), StringComparison.Ordinal); // the logs were reached too
        foreach (var text in new[] { startup.ToString(), entry.Description!, entry.Exception!.ToString(), logs.AllText() })
        {
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Traces_and_metrics_follow_the_database_conventions_without_secrets()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { AdminPassword = Password });
        var poolName = $"telemetry_{Guid.NewGuid():N}";
        var activities = new ConcurrentQueue<Activity>();
        using var activityListener = ListenToRethinkDbActivities(activities);
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "RethinkDb")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, ToDictionary(tags))));
        meterListener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, ToDictionary(tags))));
        meterListener.Start();

        await using var pool = new RethinkDbDataSourceBuilder(
            new ConnectionOptions { Host = server.Host, Port = server.Port, Password = Password, Db = "marvel" }) { Name = poolName }.Build();
        await using (var conn = await pool.OpenConnectionAsync())
        {
            await conn.ServerAsync();
            meterListener.RecordObservableInstruments(); // one connection, in use
        }
        meterListener.RecordObservableInstruments(); // one connection, idle

        var operation = Assert.Single(activities, a => a.GetTagItem("server.port") is int port && port == server.Port);
        Assert.Equal(ActivityKind.Client, operation.Kind);
        Assert.Equal("server_info marvel", operation.DisplayName);
        Assert.Equal("rethinkdb", operation.GetTagItem("db.system.name"));
        Assert.Equal("server_info", operation.GetTagItem("db.operation.name"));
        Assert.Equal("marvel", operation.GetTagItem("db.namespace"));
        Assert.Equal(server.Host, operation.GetTagItem("server.address"));

        var duration = Assert.Single(measurements, m => m.Instrument == "db.client.operation.duration" && Equals(m.Tags["server.port"], server.Port));
        Assert.InRange(duration.Value, 0, 60);
        Assert.Equal("server_info", duration.Tags["db.operation.name"]);
        Assert.Equal("rethinkdb", duration.Tags["db.system.name"]);
        Assert.Single(measurements, m => m.Instrument == "db.client.connection.create_time" && Equals(m.Tags.GetValueOrDefault("db.client.connection.pool.name"), poolName));
        var counts = measurements.Where(m => m.Instrument == "db.client.connection.count" && Equals(m.Tags.GetValueOrDefault("db.client.connection.pool.name"), poolName))
            .Select(m => ((string)m.Tags["db.client.connection.state"]!, m.Value)).ToList();
        Assert.Equal([("idle", 0d), ("used", 1d), ("idle", 1d), ("used", 0d)], counts);
        Assert.Contains(measurements, m => m.Instrument == "db.client.connection.max" && Equals(m.Tags.GetValueOrDefault("db.client.connection.pool.name"), poolName) && m.Value == 4);

        var everything = string.Join("\n", activities.SelectMany(a => a.TagObjects.Select(t => $"{t.Key}={t.Value}")).Concat(
            measurements.SelectMany(m => m.Tags.Select(t => $"{t.Key}={t.Value}"))));
        Assert.DoesNotContain(Password, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_operation_is_measured_with_its_error_type()
    {
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { Fault = TestServerFault.Garbage });
        var measurements = new ConcurrentQueue<Dictionary<string, object?>>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "RethinkDb" && instrument.Name == "db.client.operation.duration")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<double>((_, _, tags, _) => measurements.Enqueue(ToDictionary(tags)));
        meterListener.Start();
        await using var pool = RethinkDbDataSource.Create(new ConnectionOptions { Host = server.Host, Port = server.Port });

        await using (var conn = await pool.OpenConnectionAsync())
        {
            await Assert.ThrowsAnyAsync<ReqlDriverError>(() => conn.ServerAsync());
        }

        var failed = Assert.Single(measurements, m => Equals(m["server.port"], server.Port));
        Assert.Equal(typeof(ReqlDriverError).FullName, failed["error.type"]);
    }

    [Fact]
    public async Task A_failed_operations_span_names_the_error_class_and_not_the_servers_message()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        var activities = new ConcurrentQueue<Activity>();
        using var activityListener = ListenToRethinkDbActivities(activities);
        await using var pool = RethinkDbDataSource.Create(new ConnectionOptions { Host = server.Host, Port = server.Port });
        // A server error that quotes data, as a duplicate key error quotes the document.
        const string Card = "4111 1111 1111 1111";
        const string Document = $$"""{"card": "{{Card}}"}""";

        ReqlError error;
        await using (var conn = await pool.OpenConnectionAsync())
        {
            error = await Assert.ThrowsAnyAsync<ReqlError>(() => R.Error($"Duplicate primary key `id`: {Document}").RunAsync(conn));
        }

        Assert.Contains(Document, error.Message, StringComparison.Ordinal); // the exception itself keeps the detail
        var span = Assert.Single(activities, a => a.GetTagItem("server.port") is int port && port == server.Port);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(error.GetType().FullName, span.StatusDescription);
        Assert.Equal(error.GetType().FullName, span.GetTagItem("error.type"));
        var everything = string.Join("\n", span.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(span.StatusDescription).Append(span.DisplayName));
        // Not a bare "4111": the test server's port may contain it (a run on port 44111 failed there).
        Assert.DoesNotContain(Card, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("\"card\"", everything, StringComparison.Ordinal);
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }
        return result;
    }

    /// <summary>Records every stopped activity of the "RethinkDb" source until disposed.</summary>
    private static ActivityListener ListenToRethinkDbActivities(ConcurrentQueue<Activity> activities)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "RethinkDb",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
