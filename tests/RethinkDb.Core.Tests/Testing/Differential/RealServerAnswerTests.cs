using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Core.Tests.Ast;
using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing.Differential;

/// <summary>
/// Generated queries (<see cref="QueryGenerator"/>) and what RethinkDB 2.4.4 answered to each — the value, or the
/// error's type, words and backtrace as the driver prints them — recorded in <c>real-server-answers.json</c> (plain
/// values) and <c>real-server-table-answers.json</c> (reads of <see cref="AnswerFixture"/>'s table, with functions). The
/// test server must answer every one the same; against a real server the files themselves are checked.
/// </summary>
public sealed class RealServerAnswerTests
{
    private const string ValuesFile = "real-server-answers.json";
    private const string TableFile = "real-server-table-answers.json";
    private const string WriteFile = "real-server-write-answers.json";

    private static readonly System.Text.RegularExpressions.Regex Uuid =
        new("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    [Theory, TestServer, RealServer]
    public async Task Every_recorded_query_is_answered_as_the_real_server_answered_it(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var connection = await target.ConnectAsync();

        await VerifyAsync(connection, ValuesFile, AnswerAsync);
    }

    [Theory, TestServer, RealServer]
    public Task Every_recorded_table_query_is_answered_as_the_real_server_answered_it(ServerKind kind) =>
        VerifyOnFixtureAsync(kind, TableFile, AnswerFixture.CreateAsync, AnswerFixture.DropAsync, AnswerAsync);

    [Theory, TestServer, RealServer]
    public Task Every_recorded_write_is_answered_and_leaves_the_table_as_on_the_real_server(ServerKind kind) =>
        VerifyOnFixtureAsync(kind, WriteFile, AnswerFixture.CreateWritesAsync, AnswerFixture.DropWritesAsync, WriteAnswerAsync);

    /// <summary>
    /// Writes the files: the generated queries that the real server answers the same twice (deterministic) and the
    /// test server answers as it does. Run on demand (RETHINKDB_RECORD_ANSWERS=1 with a real server).
    /// </summary>
    [RecordAnswersFact]
    public async Task Record_the_real_servers_answers()
    {
        await using var real = await ServerTarget.StartAsync(ServerKind.RealServer);
        await using var test = await ServerTarget.StartAsync(ServerKind.TestServer);
        await using var realConnection = await real.ConnectAsync();
        await using var testConnection = await test.ConnectAsync();

        await RecordAsync(realConnection, testConnection, new QueryGenerator(seed: 2026).Next, ValuesFile, "QueryGenerator seed 2026", AnswerAsync);

        await RecordOnFixtureAsync(realConnection, testConnection, new TableQueryGenerator(seed: 2026).Next, TableFile,
            "TableQueryGenerator seed 2026 over AnswerFixture", AnswerFixture.CreateAsync, AnswerFixture.DropAsync, AnswerAsync);
        await RecordOnFixtureAsync(realConnection, testConnection, new WriteQueryGenerator(seed: 2026).Next, WriteFile,
            "WriteQueryGenerator seed 2026 over AnswerFixture's write table", AnswerFixture.CreateWritesAsync, AnswerFixture.DropWritesAsync,
            WriteAnswerAsync);
    }

    private static async Task RecordOnFixtureAsync(Connection real, Connection test, Func<ReqlExpr> next, string fileName, string source,
        Func<Connection, Task> create, Func<Connection, Task> drop, Func<Connection, ReqlExpr, Task<string>> answer)
    {
        await create(real);
        await create(test);
        try
        {
            await RecordAsync(real, test, next, fileName, source, answer);
        }
        finally
        {
            await drop(real);
        }
    }

    private static async Task VerifyOnFixtureAsync(ServerKind kind, string fileName, Func<Connection, Task> create, Func<Connection, Task> drop,
        Func<Connection, ReqlExpr, Task<string>> answer)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var connection = await target.ConnectAsync();
        await create(connection);
        try
        {
            await VerifyAsync(connection, fileName, answer);
        }
        finally
        {
            await drop(connection);
        }
    }

    private static async Task VerifyAsync(Connection connection, string fileName, Func<Connection, ReqlExpr, Task<string>> answer)
    {
        var recorded = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Testing", "Differential", fileName)))!
            ["answers"]!.AsArray();
        var mismatches = new List<string>();
        foreach (var entry in recorded)
        {
            var query = WireTerm.Parse(JsonNode.Parse(entry!["query"]!.GetValue<string>()));
            var expected = entry["answer"]!.GetValue<string>();
            var actual = await answer(connection, query);
            if (actual != expected)
            {
                mismatches.Add($"{query}\n  expected {expected}\n  actual   {actual}");
            }
        }

        Assert.True(recorded.Count >= 300, $"only {recorded.Count} recorded answers in {fileName}");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {recorded.Count} differ:\n{string.Join("\n", mismatches.Take(5))}");
    }

    private static async Task RecordAsync(Connection real, Connection test, Func<ReqlExpr> next, string fileName, string source,
        Func<Connection, ReqlExpr, Task<string>> answerOf)
    {
        var answers = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var (generated, differing) = (0, 0);
        while (answers.Count < 400 && generated < 5000)
        {
            generated++;
            var wire = Wire.Json(next());
            var query = WireTerm.Parse(JsonNode.Parse(wire));
            if (Wire.Json(query) != wire || !seen.Add(wire))
            {
                continue;
            }
            var answer = await answerOf(real, query);
            if (answer != await answerOf(real, query))
            {
                continue;
            }
            if (answer != await answerOf(test, query))
            {
                differing++;
                continue;
            }
            answers.Add(new JsonObject { ["query"] = wire, ["answer"] = answer });
        }
        var file = new JsonObject
        {
            ["recorded"] = $"RethinkDB 2.4.4 by RealServerAnswerTests.Record_the_real_servers_answers ({source})",
            ["note"] = $"{generated} queries generated, {differing} left out because the test server answers them differently",
            ["answers"] = answers,
        };
        await File.WriteAllTextAsync(Path.Combine(SourceDirectory(), fileName),
            file.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        Assert.True(answers.Count >= 300, $"only {answers.Count} answers agree in {fileName}");
    }

    /// <summary>
    /// A write's answer on the reset write table, then the table's documents (in a canonical order); generated keys are
    /// replaced by a placeholder, the only part that differs from run to run.
    /// </summary>
    private static async Task<string> WriteAnswerAsync(Connection connection, ReqlExpr query)
    {
        await AnswerFixture.ResetWritesAsync(connection);
        var result = await AnswerAsync(connection, query);
        var rows = await R.Db("test").Table(AnswerFixture.WriteTable).RunAsync<List<JsonElement>>(connection);
        var table = string.Join(",", rows.Select(row => Uuid.Replace(Canonical(row), "<uuid>")).Order(StringComparer.Ordinal));
        return $"{Uuid.Replace(result, "<uuid>")} | table [{table}]";
    }

    /// <summary>The value, or the error's type and whole message (with the printed query and its backtrace).</summary>
    private static async Task<string> AnswerAsync(Connection connection, ReqlExpr query)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            return "OK " + Canonical(await query.RunAsync<JsonElement>(connection, cancellationToken: timeout.Token));
        }
        catch (ReqlError error)
        {
            return $"ERR {error.GetType().Name}: {error.Message}";
        }
    }

    // Numbers as doubles, object keys in order: the two servers may write the same value differently.
    private static string Canonical(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        JsonValueKind.Array => "[" + string.Join(",", value.EnumerateArray().Select(Canonical)) + "]",
        JsonValueKind.Object => "{" + string.Join(",", value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => JsonValue.Create(p.Name)!.ToJsonString() + ":" + Canonical(p.Value))) + "}",
        _ => value.GetRawText(),
    };

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    [AttributeUsage(AttributeTargets.Method)]
    private sealed class RecordAnswersFactAttribute : FactAttribute
    {
        public RecordAnswersFactAttribute()
        {
            if (Environment.GetEnvironmentVariable("RETHINKDB_RECORD_ANSWERS") != "1" || RealServer.Host is null)
            {
                Skip = "Records real-server-answers.json: set RETHINKDB_RECORD_ANSWERS=1 and RETHINKDB_HOST.";
            }
        }
    }
}
