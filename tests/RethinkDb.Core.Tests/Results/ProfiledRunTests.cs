using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Results;

/// <summary>
/// RunProfiledAsync: the result read as RunAsync reads it, with the server's profile (the <c>p</c> field) of an
/// atom and of a sequence read over several batches, on a connection and on a data source.
/// </summary>
public sealed class ProfiledRunTests
{
    [Theory, TestServer, RealServer]
    public async Task An_atom_comes_with_the_tasks_of_its_evaluation(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);

        var options = new RunOptions { ArrayLimit = 1000 };
        var result = await R.Expr(1).Add(2).RunProfiledAsync<int>(h.Connection, options);

        Assert.Equal(3, result.Value);
        var add = Assert.Single(result.Profile.EnumerateArray());
        Assert.Equal("Evaluating ADD.", add.GetProperty("description").GetString());
        Assert.True(add.GetProperty("duration(ms)").GetDouble() >= 0);
        Assert.Equal(2, add.GetProperty("sub_tasks").GetArrayLength());
        Assert.Null(options.Profile); // the caller's options are not changed
    }

    [Theory, TestServer, RealServer]
    public async Task A_sequence_over_several_batches_comes_whole_with_its_profile(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateNumbersAsync("numbers", 300);

        // A table is a stream: read in batches of at most 50 rows.
        var result = await table.Map(row => row["id"]).RunProfiledAsync<List<int>>(h.Connection, new RunOptions { MaxBatchRows = 50 });

        Assert.Equal(Enumerable.Range(1, 300), result.Value.Order());
        Assert.Equal(JsonValueKind.Array, result.Profile.ValueKind);
        Assert.NotEqual(0, result.Profile.GetArrayLength());
        Assert.Contains("Evaluating", result.Profile.GetRawText(), StringComparison.Ordinal);
    }

    [Theory, TestServer, RealServer]
    public async Task On_a_data_source_and_on_errors_it_behaves_as_RunAsync(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        await using var dataSource = RethinkDbDataSource.Create(h.Target.Options());

        var result = await R.Expr("a").Add("b").RunProfiledAsync<string>(dataSource);
        Assert.Equal("ab", result.Value);
        Assert.Equal("Evaluating ADD.", result.Profile[0].GetProperty("description").GetString());

        await Assert.ThrowsAsync<ReqlQueryLogicError>(() => R.Expr(1).Add("a").RunProfiledAsync<int>(dataSource));
        Assert.Equal(5, await R.Expr(5).RunAsync<int>(dataSource));
    }
}
