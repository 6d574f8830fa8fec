using Microsoft.Extensions.Logging;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Cluster;

/// <summary>A node that dies fails only its own queries, at once; the others carry on; its return is noticed.</summary>
public sealed class ClusterFailoverTests
{
    [Fact]
    public async Task Killing_a_node_fails_exactly_its_pending_queries_promptly_and_the_next_ones_succeed_elsewhere()
    {
        // Node 1 holds every query it gets (never answers); nodes 0 and 2 answer.
        await using var nodes = await TestNodes.StartAsync(3, i => new TestServerOptions { Fault = i == 1 ? TestServerFault.StallQueries : TestServerFault.None });
        await using var dataSource = nodes.DataSource(b => b.ConnectionOptions.Timeout = TimeSpan.FromMinutes(10));
        await TestNodes.OpenAllAsync(dataSource);
        var killed = nodes[1];
        var receivedBefore = nodes.Servers.Select(s => s.QueriesReceived).ToArray();

        var queries = Enumerable.Range(0, 1000).Select(i => R.Expr(i).RunAsync<int>(dataSource)).ToArray();
        // Wait until the answered ones are done and the rest sit on the stalled node.
        await Eventually.TrueAsync(() => queries.Count(q => q.IsCompleted) + (killed.QueriesReceived - receivedBefore[1]) >= 1000,
            "The queries did not all reach a node.");
        var onKilled = (int)(killed.QueriesReceived - receivedBefore[1]);
        Assert.True(onKilled > 100, $"Only {onKilled} queries went to the stalled node.");
        Assert.All(queries.Where(q => q.IsCompleted), q => Assert.True(q.IsCompletedSuccessfully));

        await killed.StopAsync();

        // Promptly: far sooner than the 10-minute timeout (the bound only keeps a broken build from hanging).
        var all = Task.WhenAll(queries);
        await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.All(queries, q => Assert.True(q.IsCompleted, "A query on the killed node is still waiting."));
        var failed = queries.Where(q => q.IsFaulted).ToArray();
        Assert.Equal(onKilled, failed.Length);
        Assert.All(failed, q =>
        {
            var error = Assert.IsType<ReqlDriverError>(q.Exception!.InnerException, exactMatch: false);
            Assert.Contains($"127.0.0.1:{killed.Port}", error.Message, StringComparison.Ordinal);
        });
        Assert.Equal(1000 - onKilled, queries.Count(q => q.IsCompletedSuccessfully));

        // The next 1,000 all succeed, on the others.
        var next = Enumerable.Range(0, 1000).Select(i => R.Expr(i).RunAsync<int>(dataSource)).ToArray();
        Assert.Equal(Enumerable.Range(0, 1000), await Task.WhenAll(next));
        await Eventually.TrueAsync(() => TestNodes.Describe(dataSource, killed).State == RethinkDbNodeState.Down);
        Assert.Contains($"127.0.0.1:{killed.Port}", TestNodes.Describe(dataSource, killed).LastError!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_that_returns_is_used_again_and_its_down_and_up_are_logged_once()
    {
        await using var nodes = await TestNodes.StartAsync(2);
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        await using var dataSource = nodes.DataSource(b => b.UseLoggerFactory(loggerFactory));
        await TestNodes.WarmUpAsync(dataSource);

        await nodes[1].StopAsync();
        await Eventually.TrueAsync(() => TestNodes.Describe(dataSource, nodes[1]).State == RethinkDbNodeState.Down);
        // Down for a while: several attempts, all failing.
        var node = TestNodes.NodeAt(dataSource, nodes[1]);
        var attemptsWhenDown = node.Attempts;
        await Eventually.TrueAsync(() => node.Attempts >= attemptsWhenDown + 3, "The node was not probed again.");
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(i, await R.Expr(i).RunAsync<int>(dataSource));
        }

        var received = nodes[1].QueriesReceived;
        await nodes[1].RestartAsync();
        await Eventually.TrueAsync(() => TestNodes.Describe(dataSource, nodes[1]).State == RethinkDbNodeState.Up, "The node's return was not noticed.");
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(i, await R.Expr(i).RunAsync<int>(dataSource));
        }
        Assert.True(nodes[1].QueriesReceived > received, "No query went to the node after it returned.");

        // The return is logged by the thread that opened the connection, after it made the connection usable: the
        // queries above may finish first.
        bool IsUpLine(string l) => l.Contains("|Information|1104|", StringComparison.Ordinal) && l.Contains($"Port={nodes[1].Port}", StringComparison.Ordinal);
        await Eventually.TrueAsync(() => logs.Lines.Any(IsUpLine), "The node's return was not logged.");
        var down = logs.Lines.Where(l => l.Contains("|Warning|1103|", StringComparison.Ordinal) && l.Contains($"Port={nodes[1].Port}", StringComparison.Ordinal)).ToArray();
        var up = logs.Lines.Where(IsUpLine).ToArray();
        Assert.Single(down);
        Assert.Single(up);
        Assert.True(logs.Lines.Count(l => l.Contains("|Debug|1103|", StringComparison.Ordinal)) >= 2, "The further failed attempts were not logged as detail.");
        Assert.DoesNotContain(logs.Lines, l => l.Contains("cluster-pw", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_backoff_of_a_dead_node_is_bounded_and_counted()
    {
        await using var nodes = await TestNodes.StartAsync(2);
        await using var dataSource = nodes.DataSource();
        await TestNodes.WarmUpAsync(dataSource);
        await nodes[0].StopAsync();
        await Eventually.TrueAsync(() => TestNodes.Describe(dataSource, nodes[0]).State == RethinkDbNodeState.Down);
        var node = TestNodes.NodeAt(dataSource, nodes[0]);
        var start = node.Attempts;

        // About a second of traffic while it is down: no caller pays for an attempt, and attempts follow the backoff
        // (20 ms doubling to 200 ms: a handful, not one per query).
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(i, await R.Expr(i).RunAsync<int>(dataSource));
            await using (var handle = await dataSource.OpenConnectionAsync())
            {
                Assert.Equal(nodes[1].Port, handle.Port);
            }
            await Task.Delay(10);
        }
        Assert.InRange(node.Attempts - start, 1, 40);
    }

    [Fact]
    public async Task When_every_node_is_down_callers_fail_fast_with_every_cause()
    {
        await using var nodes = await TestNodes.StartAsync(3);
        await using var dataSource = nodes.DataSource();
        await TestNodes.WarmUpAsync(dataSource);
        foreach (var server in nodes.Servers)
        {
            await server.StopAsync();
        }
        await Eventually.TrueAsync(() => dataSource.Nodes.All(n => n.State == RethinkDbNodeState.Down));
        var attempts = dataSource.ConnectionAttempts;

        var error = await Assert.ThrowsAnyAsync<ReqlDriverError>(() => R.Expr(1).RunAsync<int>(dataSource));
        Assert.Contains("All 3 RethinkDB node(s) are unavailable", error.Message, StringComparison.Ordinal);
        Assert.All(nodes.Servers, s => Assert.Contains($"127.0.0.1:{s.Port}", error.Message, StringComparison.Ordinal));
        await Assert.ThrowsAnyAsync<ReqlDriverError>(async () => await dataSource.OpenConnectionAsync());
        Assert.NotNull(dataSource.ServerDownCause);
        // Failing fast: the callers started no attempt of their own (only the background probes run).
        Assert.InRange(dataSource.ConnectionAttempts - attempts, 0, 6);

        await nodes[2].RestartAsync();
        await Eventually.TrueAsync(() => dataSource.ServerDownCause is null);
        Assert.Equal(7, await R.Expr(7).RunAsync<int>(dataSource));
    }
}
