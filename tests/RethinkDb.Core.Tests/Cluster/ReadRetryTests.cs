using RethinkDb.DataSource;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Cluster;

/// <summary>
/// Opt-in: a read whose node died before answering runs once more on another node; a write never runs twice.
/// Node A resets each connection as soon as a query arrives on it (the node "dies" under the query); node B answers.
/// </summary>
public sealed class ReadRetryTests
{
    [Theory]
    [InlineData(true, null)]   // the data source's setting
    [InlineData(false, true)]  // the query's RunOptions.RetryRead
    public async Task A_read_whose_node_died_is_retried_once_on_another_node(bool dataSourceSetting, bool? perQuery)
    {
        await using var nodes = await StartAsync();
        await using var dataSource = nodes.DataSource(b => b.RetryReads = dataSourceSetting);
        var options = perQuery is null ? null : new RunOptions { RetryRead = perQuery };

        var issued = 0;
        for (var i = 0; i < 60 && nodes[0].QueriesReceived < 5; i++)
        {
            await TestNodes.OpenAllAsync(dataSource);
            issued++;
            Assert.Equal(i, await R.Expr(i).Add(0).RunAsync<int>(dataSource, options));
        }

        // Every read succeeded, and ran to its answer on B exactly once: those that went to A first died there
        // (A never answers) and ran again on B, once.
        Assert.True(nodes[0].QueriesReceived >= 5, "Too few reads went to the dying node to show anything.");
        Assert.Equal(issued, nodes[1].QueriesReceived);
    }

    [Fact]
    public async Task Without_the_option_a_read_on_a_dying_node_fails_naming_it()
    {
        await using var nodes = await StartAsync();
        await using var dataSource = nodes.DataSource(b => b.RetryReads = true);
        var noRetry = new RunOptions { RetryRead = false };
        ReqlDriverError? failure = null;
        var issued = 0;
        for (var i = 0; i < 60 && failure is null; i++)
        {
            await TestNodes.OpenAllAsync(dataSource);
            issued++;
            try
            {
                await R.Expr(i).RunAsync<int>(dataSource, noRetry);
            }
            catch (ReqlDriverError error)
            {
                failure = error;
            }
        }
        Assert.NotNull(failure);
        Assert.Contains($"127.0.0.1:{nodes[0].Port}", failure.Message, StringComparison.Ordinal);
        Assert.Equal(issued, nodes[0].QueriesReceived + nodes[1].QueriesReceived); // nothing ran twice
    }

    [Fact]
    public async Task A_write_is_never_run_twice_even_when_retries_are_on()
    {
        await using var nodes = await StartAsync();
        await using var dataSource = nodes.DataSource(b => b.RetryReads = true);
        var failures = 0;
        var issued = 0;
        for (var i = 0; i < 60 && failures < 3; i++)
        {
            await TestNodes.OpenAllAsync(dataSource);
            issued++;
            try
            {
                await R.DbCreate($"retry_write_{i}").RunAsync<Dictionary<string, object>>(dataSource, new RunOptions { RetryRead = true });
            }
            catch (ReqlDriverError error)
            {
                Assert.Contains($"127.0.0.1:{nodes[0].Port}", error.Message, StringComparison.Ordinal);
                failures++;
            }
        }
        Assert.True(failures > 0, "No write went to the dying node.");
        // Each write reached one node once: nothing was sent a second time.
        Assert.Equal(issued, nodes[0].QueriesReceived + nodes[1].QueriesReceived);
    }

    [Fact]
    public void Reads_are_told_from_writes_by_every_term_of_the_query()
    {
        Assert.True(ReadRetryPolicy.IsReadOnly(R.Expr(1)));
        Assert.True(ReadRetryPolicy.IsReadOnly(R.Db("d").Table("t").Filter(row => row["age"].Gt(3)).Map(row => row["name"]).Limit(5)));
        Assert.True(ReadRetryPolicy.IsReadOnly(R.Db("d").Table("t").Get("id").Do(doc => R.Branch(doc.Eq(null!), "none", doc["name"]))));
        Assert.True(ReadRetryPolicy.IsReadOnly(R.Db("d").Table("t").Config()));
        Assert.True(ReadRetryPolicy.IsReadOnly(R.Expr(new Dictionary<string, object?> { ["a"] = R.Range(3).Count() })));

        Assert.False(ReadRetryPolicy.IsReadOnly(R.Db("d").Table("t").Insert(new { id = 1 })));
        Assert.False(ReadRetryPolicy.IsReadOnly(R.Db("d").Table("t").Get(1).Update(new { a = 2 })));
        Assert.False(ReadRetryPolicy.IsReadOnly(R.Db("d").Table("t").Get(1).Replace(new { id = 1 })));
        Assert.False(ReadRetryPolicy.IsReadOnly(R.Db("d").Table("t").Get(1).Delete()));
        Assert.False(ReadRetryPolicy.IsReadOnly(R.Db("d").Table("t").Config().Update(new { shards = 2 })));
        Assert.False(ReadRetryPolicy.IsReadOnly(R.Db("d").Table("t").Changes()));
        Assert.False(ReadRetryPolicy.IsReadOnly(R.Db("d").TableCreate("t")));
        Assert.False(ReadRetryPolicy.IsReadOnly(R.DbCreate("d")));
        Assert.False(ReadRetryPolicy.IsReadOnly(R.Js("1 + 1")));
        Assert.False(ReadRetryPolicy.IsReadOnly(R.Http("http://example.invalid/")));
        // A write hidden inside a read: in a branch, a function, a for_each, an object.
        Assert.False(ReadRetryPolicy.IsReadOnly(R.Branch(true, R.Db("d").Table("t").Delete(), 0)));
        Assert.False(ReadRetryPolicy.IsReadOnly(R.Db("d").Table("t").Map(row => R.Db("d").Table("u").Insert(row))));
        Assert.False(ReadRetryPolicy.IsReadOnly(R.Range(3).ForEach(i => R.Db("d").Table("t").Insert(new { id = i }))));
        Assert.False(ReadRetryPolicy.IsReadOnly(R.Expr(new Dictionary<string, object?> { ["a"] = R.Js("1") })));
    }

    private static Task<TestNodes> StartAsync() => TestNodes.StartAsync(2, i => i == 0
        ? new TestServerOptions { Fault = TestServerFault.ResetAfterQueries, ResetAfterQueries = 1 }
        : new TestServerOptions());
}
