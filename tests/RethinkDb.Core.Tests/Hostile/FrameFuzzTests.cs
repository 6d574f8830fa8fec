using System.Text.Json;

namespace RethinkDb.Core.Tests.Hostile;

/// <summary>
/// Issue 18: frames the server should never send (answers for tokens not in flight, duplicated answers, an answer
/// before any query) never reach the wrong query, never hang it, and fail only with the documented types.
/// </summary>
public class FrameFuzzTests
{
    private const int Stray = 666_666;

    [Fact]
    public async Task Stray_and_duplicated_frames_never_answer_another_query()
    {
        var random = new Random(18);
        var kinds = new System.Collections.Concurrent.ConcurrentDictionary<long, int>();
        await using var server = ScriptedServer.Start(async c =>
        {
            await c.AcceptV0_4Async();
            while (true)
            {
                var (token, query) = await c.ReadQueryAsync();
                using var doc = JsonDocument.Parse(query);
                var id = doc.RootElement[1].GetInt64();
                var answer = "{\"t\":1,\"r\":[" + id + "]}";
                switch (kinds.GetValueOrDefault(id))
                {
                    case 0: // an answer for a token not in flight first
                        await c.SendAsync(token + 1_000 + id, "{\"t\":1,\"r\":[" + Stray + "]}");
                        await c.SendAsync(token, answer);
                        break;
                    case 1: // the answer twice: the second is for a token no longer in flight
                        await c.SendAsync(token, answer);
                        await c.SendAsync(token, "{\"t\":1,\"r\":[" + Stray + "]}");
                        break;
                    default: // the stray frame after the answer
                        await c.SendAsync(token, answer);
                        await c.SendAsync(-token, "{\"t\":1,\"r\":[" + Stray + "]}");
                        break;
                }
            }
        });
        var failures = new List<string>();
        var connection = await Connection.OpenAsync(server.Options());
        try
        {
            for (var id = 1; id <= 600; id++)
            {
                kinds[id] = random.Next(3);
                if (!connection.IsOpen)
                {
                    await connection.DisposeAsync();
                    connection = await Connection.OpenAsync(server.Options());
                }
                try
                {
                    var result = await R.Expr(id).RunAsync<long>(connection).WaitAsync(TimeSpan.FromSeconds(10));
                    if (result != id)
                    {
                        failures.Add($"query {id} (kind {kinds[id]}) got {result}");
                    }
                }
                catch (ReqlDriverError)
                {
                    // A connection that drops on a protocol error is a documented outcome.
                }
                catch (Exception ex)
                {
                    failures.Add($"query {id} (kind {kinds[id]}): {ex.GetType().Name}: {ex.Message}");
                }
            }
        }
        finally
        {
            await connection.DisposeAsync();
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
    }

    [Fact]
    public async Task A_frame_sent_before_any_query_is_never_an_answer()
    {
        for (var round = 0; round < 40; round++)
        {
            await using var server = ScriptedServer.Start(async c =>
            {
                await c.AcceptV0_4Async();
                await c.SendAsync(1, "{\"t\":1,\"r\":[" + Stray + "]}");
                var (token, _) = await c.ReadQueryAsync();
                await c.SendAsync(token, "{\"t\":1,\"r\":[1]}");
                await Task.Delay(Timeout.Infinite, c.Stop);
            });
            try
            {
                // The open itself may fail: the frame can arrive with the handshake's reply.
                await using var connection = await Connection.OpenAsync(server.Options());
                Assert.Equal(1, await R.Expr(1).RunAsync<long>(connection).WaitAsync(TimeSpan.FromSeconds(10)));
            }
            catch (ReqlDriverError)
            {
                // Breaking the connection on the protocol error is what the issue asks for.
            }
        }
    }
}
