using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Telemetry;

/// <summary>
/// Every query is traced and measured after the OpenTelemetry database conventions, on a plain connection and on a
/// data source; no tag holds a secret or a document value. Listeners are process-wide, so each test keeps only what
/// carries its own server port.
/// </summary>
public sealed class QueryTelemetryTests
{
    private const string Secret = "pw-secret-4711";
    private const string DocumentValue = "doc-value-0815";

    [Theory]
    [TestServer]
    [RealServer]
    public async Task A_plain_connection_traces_and_measures_its_queries_without_secrets_or_documents(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        var port = target.Options().Port;
        using var capture = new Capture(port);
        var table = $"tel_{Guid.NewGuid():N}";

        await using (var connection = await target.ConnectAsync())
        {
            await R.Db("test").TableCreate(table).RunAsync(connection);
            await R.Db("test").Table(table).Insert(new { id = 1, secret = DocumentValue }).RunWriteAsync(connection);
            await Assert.ThrowsAnyAsync<ReqlQueryError>(() => R.Db("test").Table(table).Get(1).GetField("nope").RunAsync<string>(connection));
            await R.Db("test").TableDrop(table).RunAsync(connection);
        }

        // A real server's port is shared by every test running at the same time: match this test's table too.
        var insert = Assert.Single(capture.Activities, a => Equals(a.GetTagItem("db.operation.name"), "insert") && Equals(a.GetTagItem("db.collection.name"), table));
        Assert.Equal($"insert {table}", insert.DisplayName);
        Assert.Equal(ActivityKind.Client, insert.Kind);
        Assert.Equal("rethinkdb", insert.GetTagItem("db.system.name"));
        Assert.Equal("test", insert.GetTagItem("db.namespace"));
        Assert.Equal(table, insert.GetTagItem("db.collection.name"));
        Assert.Equal($"insert {table}", insert.GetTagItem("db.query.summary"));
        Assert.Equal(port, insert.GetTagItem("server.port"));
        Assert.NotNull(insert.GetTagItem("server.address"));
        Assert.Null(insert.GetTagItem("error.type"));

        var failed = Assert.Single(capture.Activities, a => Equals(a.GetTagItem("db.operation.name"), "get_field") && Equals(a.GetTagItem("db.collection.name"), table));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal(typeof(ReqlNonExistenceError).FullName, failed.GetTagItem("error.type"));

        Assert.Contains(capture.Durations, m => Equals(m.Tags.GetValueOrDefault("db.operation.name"), "insert") && Equals(m.Tags.GetValueOrDefault("db.collection.name"), table));
        Assert.Contains(capture.Durations, m => Equals(m.Tags.GetValueOrDefault("error.type"), typeof(ReqlNonExistenceError).FullName));
        Assert.Contains(capture.CreateTimes, m => Equals(m.Tags.GetValueOrDefault("server.port"), port));
        capture.AssertNoValueContains(DocumentValue);
    }

    [Fact]
    public async Task A_data_source_reports_its_queries_connections_and_pool_without_secrets()
    {
        await using var server = await RethinkDb.Testing.RethinkDbTestServer.StartAsync(new RethinkDb.Testing.TestServerOptions { AdminPassword = Secret });
        using var capture = new Capture(server.Port);
        var builder = new RethinkDbDataSourceBuilder(server.CreateConnectionOptions()) { Name = $"ds_{Guid.NewGuid():N}" };
        await using var dataSource = builder.Build();

        Assert.Equal(DocumentValue, await R.Expr(DocumentValue).RunAsync<string>(dataSource));
        await using (var handle = await dataSource.OpenConnectionAsync())
        {
            await handle.ServerAsync();
        }
        capture.RecordObservables();

        var expr = Assert.Single(capture.Activities, a => Equals(a.GetTagItem("db.operation.name"), "datum"));
        Assert.Equal(builder.Name, expr.GetTagItem("db.client.connection.pool.name"));
        Assert.Contains(capture.Activities, a => Equals(a.GetTagItem("db.operation.name"), "server_info"));
        Assert.Contains(capture.Durations, m => Equals(m.Tags.GetValueOrDefault("db.operation.name"), "datum"));
        Assert.Contains(capture.CreateTimes, m => Equals(m.Tags.GetValueOrDefault("db.client.connection.pool.name"), builder.Name));
        Assert.Contains(capture.Observed, m => m.Name == "db.client.connection.max" && m.Value == dataSource.MaxConnections && Equals(m.Tags.GetValueOrDefault("db.client.connection.pool.name"), builder.Name));
        Assert.Contains(capture.Observed, m => m.Name == "db.client.connection.count" && m.Value == 1 && Equals(m.Tags.GetValueOrDefault("db.client.connection.state"), "idle") && Equals(m.Tags.GetValueOrDefault("db.client.connection.pool.name"), builder.Name));
        Assert.Contains(capture.Observed, m => m.Name == "db.client.connection.pending_requests" && Equals(m.Tags.GetValueOrDefault("db.client.connection.pool.name"), builder.Name));
        capture.AssertNoValueContains(Secret);
        capture.AssertNoValueContains(DocumentValue);
    }

    [Fact]
    public async Task Failed_connection_attempts_of_a_data_source_are_counted()
    {
        await using var server = await RethinkDb.Testing.RethinkDbTestServer.StartAsync(
            new RethinkDb.Testing.TestServerOptions { Fault = RethinkDb.Testing.TestServerFault.CloseDuringHandshake });
        using var capture = new Capture(server.Port);
        await using var dataSource = RethinkDbDataSource.Create(server.CreateConnectionOptions());

        await Assert.ThrowsAnyAsync<ReqlDriverError>(() => R.Expr(1).RunAsync<int>(dataSource));

        Assert.Contains(capture.Counters, m => m.Name == "rethinkdb.client.connection.failures" && m.Value == 1 && m.Tags.ContainsKey("error.type"));
    }

    [Fact]
    public async Task Tracing_and_metrics_can_be_switched_off()
    {
        await using var server = await RethinkDb.Testing.RethinkDbTestServer.StartAsync();
        using var capture = new Capture(server.Port);
        var options = server.CreateConnectionOptions();
        options.EnableTracing = false;
        options.EnableMetrics = false;

        await using (var connection = await Connection.OpenAsync(options))
        {
            await R.Expr(1).RunAsync<int>(connection);
        }
        await using (var dataSource = RethinkDbDataSource.Create(options))
        {
            await R.Expr(1).RunAsync<int>(dataSource);
            capture.RecordObservables();
        }

        Assert.Empty(capture.Activities);
        Assert.Empty(capture.Durations);
        Assert.Empty(capture.CreateTimes);
        Assert.Empty(capture.Observed);
    }

    /// <summary>What the listeners saw for one server port.</summary>
    private sealed class Capture : IDisposable
    {
        private readonly int _port;
        private readonly ActivityListener _activities;
        private readonly MeterListener _meters;

        public Capture(int port)
        {
            _port = port;
            _activities = new ActivityListener
            {
                ShouldListenTo = source => source.Name == RethinkDbTelemetry.ActivitySourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (Equals(activity.GetTagItem("server.port"), _port))
                    {
                        Activities.Add(activity);
                    }
                },
            };
            ActivitySource.AddActivityListener(_activities);
            _meters = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == RethinkDbTelemetry.MeterName)
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
            _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
            _meters.Start();
        }

        public ConcurrentBag<Activity> Activities { get; } = [];

        public ConcurrentBag<Measured> Durations { get; } = [];

        public ConcurrentBag<Measured> CreateTimes { get; } = [];

        public ConcurrentBag<Measured> Counters { get; } = [];

        public ConcurrentBag<Measured> Observed { get; } = [];

        public void RecordObservables() => _meters.RecordObservableInstruments();

        public void AssertNoValueContains(string text)
        {
            foreach (var activity in Activities)
            {
                Assert.DoesNotContain(text, activity.DisplayName, StringComparison.Ordinal);
                Assert.DoesNotContain(text, activity.StatusDescription ?? "", StringComparison.Ordinal);
                foreach (var tag in activity.TagObjects)
                {
                    Assert.DoesNotContain(text, tag.Value?.ToString() ?? "", StringComparison.Ordinal);
                }
            }
            foreach (var measured in Durations.Concat(CreateTimes).Concat(Counters).Concat(Observed))
            {
                foreach (var tag in measured.Tags)
                {
                    Assert.DoesNotContain(text, tag.Value?.ToString() ?? "", StringComparison.Ordinal);
                }
            }
        }

        public void Dispose()
        {
            _activities.Dispose();
            _meters.Dispose();
        }

        private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var dictionary = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                dictionary[tag.Key] = tag.Value;
            }
            var measured = new Measured(instrument.Name, value, dictionary);
            if (instrument.Name is "db.client.connection.count" or "db.client.connection.max" or "db.client.connection.pending_requests")
            {
                // Observable instruments report every data source of the process: keep those of this test by name.
                if (dictionary.TryGetValue("db.client.connection.pool.name", out var pool) && pool is string name && _poolNames.Contains(name))
                {
                    Observed.Add(measured);
                }
                return;
            }
            if (!Equals(dictionary.GetValueOrDefault("server.port"), _port))
            {
                return;
            }
            if (dictionary.TryGetValue("db.client.connection.pool.name", out var own) && own is string ownName)
            {
                _poolNames.Add(ownName);
            }
            (instrument.Name switch
            {
                "db.client.operation.duration" => Durations,
                "db.client.connection.create_time" => CreateTimes,
                _ => Counters,
            }).Add(measured);
        }

        private readonly ConcurrentBag<string> _poolNames = [];
    }

    private sealed record Measured(string Name, double Value, Dictionary<string, object?> Tags);
}
