using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Hostile;

/// <summary>
/// Issue 18: thousands of mutated response bodies (seeded) from a scripted server. Only the documented exception
/// types reach callers (ReqlError; JsonException only for a well-formed result that is not a T), no case hangs, and
/// no answer reaches the wrong query: a control query runs beside every hostile one and must get its own answer.
/// </summary>
/// <remarks>
/// Bodies are mutated, frames are not: the frame layer (lengths, tokens, unsolicited frames: issue 18 points 3, 3b
/// and 6) belongs to the multiplexer's own tests.
/// </remarks>
public class ResponseFuzzTests
{
    private const int Seed = 18;
    private const int Cases = 3000;
    private const long ControlBase = 1_000_000_000;
    private static readonly TimeSpan CaseBound = TimeSpan.FromSeconds(10);

    private enum Run { Atom, Element, Write, Sequence, Cursor, Changes, Error }

    private static readonly (string Body, Run Run)[] Seeds =
    [
        ("""{"t":1,"r":[42]}""", Run.Atom),
        ("""{"t":1,"r":[{"a":[1,"x",{"b":null}],"$reql_type$":"TIME","epoch_time":1.5e9,"timezone":"+01:00"}]}""", Run.Element),
        ("""{"t":1,"r":[{"deleted":0,"errors":1,"first_error":"dup","generated_keys":["k1","k2"],"inserted":2,"replaced":0,"skipped":0,"unchanged":0,"warnings":["w"]}]}""", Run.Write),
        ("""{"t":2,"r":[1,2,3],"n":[]}""", Run.Sequence),
        ("{\"t\":2,\"r\":[" + string.Join(",", Enumerable.Range(0, 1500)) + "],\"n\":[]}", Run.Cursor),
        ("""{"t":3,"n":[1],"r":[{"new_val":1,"old_val":null,"type":"add"},{"state":"ready","type":"state"},{"new_val":2,"old_offset":1,"new_offset":null}]}""", Run.Changes),
        ("""{"t":18,"e":3000000,"r":["boom"],"b":[0,"index"]}""", Run.Error),
        ("""{"t":1,"r":[{"$reql_type$":"GROUPED_DATA","data":[[1,[2]],["a",3]]}]}""", Run.Element),
    ];

    private static readonly string[] Replacements =
    [
        "\"x\"", "5", "{}", "[]", "null", "1e400", "-0", "true", "1.5", "[\"a\"]", "{\"t\":1}", "\"\\ud800\"",
        new string('[', 300) + new string(']', 300), "99999999999999999999999999",
    ];

    [Fact]
    public async Task Mutated_responses_raise_only_documented_errors_never_hang_and_never_cross_queries()
    {
        var bodies = new ConcurrentDictionary<long, byte[]>();
        await using var server = ScriptedServer.Start(async c =>
        {
            await c.AcceptV0_4Async();
            var writeLock = new SemaphoreSlim(1, 1);
            while (true)
            {
                var (token, query) = await c.ReadQueryAsync();
                byte[] answer;
                if (query is "[2]" or "[3]")
                {
                    answer = """{"t":2,"r":[],"n":[]}"""u8.ToArray();
                }
                else
                {
                    using var doc = JsonDocument.Parse(query);
                    var id = doc.RootElement[1].GetInt64();
                    answer = id >= ControlBase ? Encoding.UTF8.GetBytes($$"""{"t":1,"r":[{{id}}]}""") : bodies[id];
                }
                await writeLock.WaitAsync();
                try
                {
                    await c.SendAsync(token, answer);
                }
                finally
                {
                    writeLock.Release();
                }
            }
        });

        var random = new Random(Seed);
        var failures = new List<string>();
        var connection = await Connection.OpenAsync(server.Options());
        try
        {
            for (var i = 0; i < Cases; i++)
            {
                var (seedBody, run) = Seeds[random.Next(Seeds.Length)];
                var (mutation, body) = Mutate(random, Encoding.UTF8.GetBytes(seedBody));
                bodies[i] = body;
                if (!connection.IsOpen)
                {
                    await connection.DisposeAsync();
                    connection = await Connection.OpenAsync(server.Options());
                }
                var failure = await RunCaseAsync(connection, i, run, body);
                if (failure is not null)
                {
                    failures.Add($"case {i} ({run}, {mutation}): {failure}; body: {Printable(body)}");
                }
                bodies.TryRemove(i, out _);
            }
        }
        finally
        {
            await connection.DisposeAsync();
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {Cases} cases failed:\n" + string.Join("\n", failures.Take(30)));
    }

    private static async Task<string?> RunCaseAsync(Connection connection, long id, Run run, byte[] body)
    {
        var control = ControlBase + id;
        var hostile = RunHostileAsync(connection, id, run);
        var check = R.Expr(control).RunAsync<long>(connection);
        try
        {
            await Task.WhenAll(hostile, check).WaitAsync(CaseBound);
        }
        catch (TimeoutException)
        {
            return "did not finish within " + CaseBound.TotalSeconds + " s";
        }
        catch (Exception)
        {
            // Looked at one by one below.
        }
        if (check.IsFaulted && check.Exception!.InnerException is not ReqlDriverError)
        {
            return "the control query failed with " + Describe(check.Exception.InnerException!);
        }
        if (check.IsCompletedSuccessfully && check.Result != control)
        {
            return $"the control query got {check.Result}, not its own answer {control}";
        }
        if (hostile.IsCompletedSuccessfully && hostile.Result == control)
        {
            return "the hostile query got the control query's answer";
        }
        if (hostile.IsFaulted)
        {
            var error = hostile.Exception!.InnerException!;
            var allowed = error switch
            {
                ReqlError => true,
                // A well-formed result that is not a T: the documented JsonException.
                JsonException => InvalidResponse.IsWellFormed(body),
                _ => false,
            };
            if (!allowed)
            {
                return "the hostile query failed with " + Describe(error);
            }
        }
        return null;
    }

    private static async Task<long> RunHostileAsync(Connection connection, long id, Run run)
    {
        var query = R.Expr(id);
        switch (run)
        {
            case Run.Atom or Run.Error:
                return await query.RunAsync<long>(connection);
            case Run.Element:
                (await query.RunAsync<JsonElement>(connection)).GetRawText();
                return -1;
            case Run.Write:
                return (await query.RunWriteAsync(connection)).Inserted == ControlBase + id ? ControlBase + id : -1;
            case Run.Sequence:
                return (await query.RunAsync<List<long>>(connection)).Contains(ControlBase + id) ? ControlBase + id : -1;
            case Run.Cursor:
                await using (var cursor = await query.RunCursorAsync<long>(connection))
                {
                    await foreach (var row in cursor)
                    {
                        if (row == ControlBase + id)
                        {
                            return row;
                        }
                    }
                }
                return -1;
            default:
                await using (var feed = await query.RunChangesAsync<long>(connection))
                {
                    var seen = 0;
                    await foreach (var change in feed)
                    {
                        if (change.NewVal == ControlBase + id)
                        {
                            return change.NewVal;
                        }
                        if (++seen == 3)
                        {
                            break;
                        }
                    }
                }
                return -1;
        }
    }

    private static (string Kind, byte[] Body) Mutate(Random random, byte[] body)
    {
        var bytes = body.ToList();
        var at = random.Next(bytes.Count);
        switch (random.Next(9))
        {
            case 0:
                bytes[at] ^= (byte)(1 << random.Next(8));
                return ("bit flip", [.. bytes]);
            case 1:
                return ("cut", [.. bytes.Take(at)]);
            case 2:
                bytes.Insert(at, (byte)random.Next(256));
                return ("insert byte", [.. bytes]);
            case 3:
                bytes.RemoveAt(at);
                return ("delete byte", [.. bytes]);
            case 4:
                bytes.Insert(at, (byte)(0x80 + random.Next(0x80)));
                return ("invalid UTF-8", [.. bytes]);
            case 5:
            case 6:
            case 7:
                return ("value of another type", ReplaceValue(random, body));
            default:
                var text = Encoding.UTF8.GetString(body);
                var key = new[] { "\"t\":", "\"r\":", "\"n\":", "\"e\":", "\"b\":" }[random.Next(5)];
                var index = text.IndexOf(key, StringComparison.Ordinal);
                return ("renamed field", Encoding.UTF8.GetBytes(index < 0 ? text : text.Remove(index + 1, 1).Insert(index + 1, "q")));
        }
    }

    /// <summary>Replaces one scalar or container value of the body by JSON of another type.</summary>
    private static byte[] ReplaceValue(Random random, byte[] body)
    {
        var spans = new List<(int Start, int End)>();
        var reader = new Utf8JsonReader(body);
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.EndArray or JsonTokenType.EndObject)
            {
                continue;
            }
            var start = (int)reader.TokenStartIndex;
            var copy = reader;
            copy.Skip();
            spans.Add((start, (int)copy.BytesConsumed));
        }
        var (from, to) = spans[random.Next(spans.Count)];
        var replacement = Encoding.UTF8.GetBytes(Replacements[random.Next(Replacements.Length)]);
        return [.. body[..from], .. replacement, .. body[to..]];
    }

    private static string Describe(Exception error) => $"{error.GetType().Name}: {error.Message}";

    private static string Printable(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return text.Length > 200 ? text[..200] + "..." : text;
    }
}
