using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Hostile;

/// <summary>
/// Issue 18, point 8: a query over the server's 128 MiB limit fails with a ReqlDriverError naming the driver's
/// limit before anything is sent, and the connection stays usable.
/// </summary>
public class QuerySizeTests
{
    [Theory, TestServer, RealServer]
    public async Task A_200_MB_string_fails_naming_the_limit_and_the_connection_stays_usable(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var connection = await target.ConnectAsync();

        var error = await Assert.ThrowsAsync<ReqlDriverError>(
            () => R.Expr(new string('x', 200_000_000)).Count().RunAsync<long>(connection));

        Assert.Contains(QueryLimits.MaxQueryBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.True(connection.IsOpen);
        Assert.Equal(3, await R.Expr(3).RunAsync<int>(connection));
    }

    [Theory, TestServer, RealServer]
    public async Task A_query_written_past_the_limit_is_stopped_there_and_nothing_is_sent(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var connection = await target.ConnectAsync();
        // 1,400 arguments of 100,000 characters: about 140 MB of JSON, written in many pieces (one string instance).
        var piece = new string('y', 100_000);
        var args = Enumerable.Repeat<object?>(piece, 1400).ToArray();

        var error = await Assert.ThrowsAsync<ReqlDriverError>(() => R.Expr("").Add(args).Count().RunAsync<long>(connection));

        Assert.Contains("too large", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, await R.Expr(4).RunAsync<int>(connection));
        // Just under the limit is sent (the server's limit is 128 MiB; it answers).
        var fits = Enumerable.Repeat<object?>(piece, 10).ToArray();
        Assert.Equal(1_000_000, await R.Expr("").Add(fits).Count().RunAsync<long>(connection));
    }
}
