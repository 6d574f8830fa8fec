using System.Buffers;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Hostile;

/// <summary>
/// Issue 18, points 1 and 2: printing, encoding and lambdas over deeply nested terms never overflow the stack and
/// never fail untyped; what the server accepts (the official JavaScript driver's 1,000-term chain) is sent.
/// </summary>
public class DeepQueryTests
{
    private static ReqlExpr AddChain(int length)
    {
        ReqlExpr q = R.Expr(0);
        for (var i = 0; i < length; i++)
        {
            q = q.Add(1);
        }
        return q;
    }

    private static void Encode(ReqlExpr query) => QueryEncoder.Start(new ArrayBufferWriter<byte>(),
        new QueryEncoder.StartQuery(query, null, null, false, RethinkDbJson.DefaultOptions));

    [Fact]
    public async Task Chains_of_ten_and_a_hundred_thousand_terms_print_and_fail_typed_in_a_child_process()
    {
        // In a child: were printing or encoding to recurse without bound again, the stack overflow would kill only it.
        var (exitCode, output) = await ChildProcess.RunAsync("deep-terms", TimeSpan.FromMinutes(3));

        Assert.True(exitCode == 0, $"The child exited with {exitCode}:\n{output}");
        Assert.Contains("ALL OK", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chain_of_a_thousand_terms_is_sent_whole()
    {
        // A scripted server reads the frame as sent and answers with the number of ADD terms it found: the chain
        // arrives whole, not merely evaluated to the right sum.
        await using var server = ScriptedServer.Start(async c =>
        {
            await c.AcceptV0_4Async();
            var (token, query) = await c.ReadQueryAsync();
            using var doc = System.Text.Json.JsonDocument.Parse(query, new System.Text.Json.JsonDocumentOptions { MaxDepth = 10_000 });
            var adds = 0;
            for (var term = doc.RootElement[1]; term.ValueKind == System.Text.Json.JsonValueKind.Array; term = term[1][0])
            {
                Assert.Equal((int)TermType.Add, term[0].GetInt32());
                adds++;
            }
            await c.SendAsync(token, "{\"t\":1,\"r\":[" + adds + "]}");
            await Task.Delay(Timeout.Infinite, c.Stop);
        });
        await using var connection = await Connection.OpenAsync(server.Options());

        Assert.Equal(1000, await AddChain(1000).RunAsync<long>(connection));
    }

    [Theory, TestServer, RealServer]
    public async Task A_chain_of_a_thousand_terms_is_sent_and_answered(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var connection = await target.ConnectAsync();

        // q.Add(1) a thousand times: 2,000 levels of JSON, twice the writer's default limit; the JS driver sends it.
        var sum = await AddChain(1000).RunAsync<long>(connection);

        Assert.Equal(1000, sum);
    }

    [Fact]
    public void A_chain_at_the_limit_encodes_and_one_past_it_fails_with_a_compile_error()
    {
        // The query array is one level, each term two: 1 + 2 * 2048 = 4097 levels, the last term opening at 4095.
        Encode(AddChain(2048));

        var error = Assert.Throws<ReqlDriverCompileError>(() => Encode(AddChain(2049)));
        Assert.Contains("nests too deeply", error.Message, StringComparison.Ordinal);
        Assert.Contains("4096", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_too_deep_to_send_fails_typed_and_the_connection_stays_usable()
    {
        await using var target = await ServerTarget.StartAsync(ServerKind.TestServer);
        await using var connection = await target.ConnectAsync();

        var error = await Assert.ThrowsAsync<ReqlDriverCompileError>(() => AddChain(3000).RunAsync<long>(connection));

        Assert.Contains("nests too deeply", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, await R.Expr(2).RunAsync<int>(connection));
    }

    [Fact]
    public void A_deep_lambda_body_fails_with_a_compile_error()
    {
        var query = R.Expr(1).Do(x =>
        {
            var body = x;
            for (var i = 0; i < 5000; i++)
            {
                body = body.Add(1);
            }
            return body;
        });

        Assert.Throws<ReqlDriverCompileError>(() => Encode(query));
    }

    [Fact]
    public void Printing_stops_at_the_printed_depth_with_an_ellipsis_and_marks_a_backtrace_into_it()
    {
        var shallow = AddChain(3).ToString();
        var deep = AddChain(QueryLimits.MaxPrintedDepth + 10);

        var (printed, carets) = ReqlPrinter.Print(deep, Enumerable.Repeat<object>(0, QueryLimits.MaxPrintedDepth + 5).ToArray());

        Assert.Equal("r.expr(0).add(1).add(1).add(1)", shallow);
        // The part past the printed depth (the receiver of the add at that depth) is "...".
        Assert.StartsWith("....add(...).add(1).add(1)", printed, StringComparison.Ordinal);
        Assert.NotNull(carets);
        Assert.Equal(printed.IndexOf("...", StringComparison.Ordinal), carets.IndexOf('^', StringComparison.Ordinal));
    }
}
