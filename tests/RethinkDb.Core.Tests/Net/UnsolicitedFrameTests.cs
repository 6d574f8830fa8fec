using Microsoft.Extensions.Logging;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;

namespace RethinkDb.Core.Tests.Net;

/// <summary>
/// The server only ever answers queries. Bytes before the first query and a frame for a token no query of the
/// connection has used are protocol errors: logged, the connection broken with <see cref="ReqlDriverError"/>, and
/// never taken as the answer to a query.
/// </summary>
public class UnsolicitedFrameTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_frame_sent_with_the_handshake_reply_is_a_protocol_error_never_an_answer()
    {
        // A frame for token 1 (the first query's) right behind the handshake's SUCCESS, in the same write.
        await using var server = ScriptedServer.Start(AnswerOneQueryAsync, afterHandshake: ScriptedServer.Frame(1, "{\"t\":1,\"r\":[42]}"));
        var logs = new CapturingLoggerProvider();
        var options = WithLogs(server.Options(), logs);

        var error = await Assert.ThrowsAsync<ReqlDriverError>(async () =>
        {
            await using var connection = await Connection.OpenAsync(options);
            var answer = await R.Expr(1).RunAsync<int>(connection);
            Assert.Fail($"the query was answered with {answer}");
        }).WaitAsync(Deadline);

        Assert.Contains("protocol error", error.Message, StringComparison.Ordinal);
        // The connection is marked closed before the reader logs why: wait for the line rather than race it.
        await Eventually.TrueAsync(() => logs.Lines.Any(l => l.Contains("protocol error", StringComparison.Ordinal) && l.Contains("|Warning|", StringComparison.Ordinal)), "no protocol error was logged as a warning");
    }

    [Fact]
    public async Task A_frame_arriving_before_any_query_breaks_the_connection()
    {
        await using var server = ScriptedServer.Start(async (peer, ct) =>
        {
            await Task.Delay(100, ct); // after the open has completed on the client
            await peer.SendAsync(1, "{\"t\":1,\"r\":[42]}", ct);
            await AnswerOneQueryAsync(peer, ct);
        });
        var logs = new CapturingLoggerProvider();
        await using var connection = await Connection.OpenAsync(WithLogs(server.Options(), logs));

        await Eventually.TrueAsync(() => !connection.IsOpen, "the connection stayed open");

        var error = await Assert.ThrowsAsync<ReqlDriverError>(() => R.Expr(1).RunAsync<int>(connection));
        Assert.Contains("protocol error", error.Message, StringComparison.Ordinal);
        // The connection is marked closed before the reader logs why: wait for the line rather than race it.
        await Eventually.TrueAsync(() => logs.Lines.Any(l => l.Contains("protocol error", StringComparison.Ordinal) && l.Contains("|Warning|", StringComparison.Ordinal)), "no protocol error was logged as a warning");
    }

    [Fact]
    public async Task A_frame_for_a_token_no_query_has_used_breaks_the_connection_and_earlier_answers_stand()
    {
        await using var server = ScriptedServer.Start(async (peer, ct) =>
        {
            var (token, _) = await peer.ReadQueryAsync(ct);
            await peer.SendAsync(token, "{\"t\":1,\"r\":[1]}", ct);
            await peer.SendAsync(token + 100, "{\"t\":1,\"r\":[42]}", ct);
        });
        var logs = new CapturingLoggerProvider();
        await using var connection = await Connection.OpenAsync(WithLogs(server.Options(), logs));

        Assert.Equal(1, await R.Expr(1).RunAsync<int>(connection).WaitAsync(Deadline));
        await Eventually.TrueAsync(() => !connection.IsOpen, "the connection stayed open");

        var error = await Assert.ThrowsAsync<ReqlDriverError>(() => R.Expr(2).RunAsync<int>(connection));
        Assert.Contains("protocol error", error.Message, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => logs.Lines.Any(l => l.Contains("no query of this connection has used", StringComparison.Ordinal)), "the unused token was not logged");
    }

    [Theory, TestServer, RealServer]
    public async Task Callers_starting_together_on_a_new_connection_never_take_each_others_answers_for_unasked_bytes(ServerKind kind)
    {
        // A data source hands queries to a connection it has just opened, several at once. A caller that found no
        // frame queued yet must not look for unasked bytes after another caller's first query went out: the answers
        // waiting on the socket then are that query's, and the connection must stay open with every answer right.
        await using var target = await ServerTarget.StartAsync(kind);
        const int connections = 30, callers = 8;
        for (var round = 0; round < connections; round++)
        {
            await using var connection = await target.ConnectAsync();
            using var start = new Barrier(callers);
            var answers = await Task.WhenAll(Enumerable.Range(0, callers).Select(i => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait(); // on threads of their own: the first queries start together
                    return connection.RunAtomAsync(R.Expr(i));
                },
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap())).WaitAsync(Deadline);
            Assert.Equal(Enumerable.Range(0, callers), answers.Select(a => a.GetInt32()));
            Assert.True(connection.IsOpen);
        }
    }

    private static async Task AnswerOneQueryAsync(ScriptedServer.Peer peer, CancellationToken ct)
    {
        var (token, _) = await peer.ReadQueryAsync(ct);
        await peer.SendAsync(token, "{\"t\":1,\"r\":[1]}", ct);
    }

    private static ConnectionOptions WithLogs(ConnectionOptions options, CapturingLoggerProvider logs)
    {
        options.LoggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        return options;
    }
}
