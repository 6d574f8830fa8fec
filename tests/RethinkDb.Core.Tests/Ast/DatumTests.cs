using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Ast;

public sealed class Hero
{
    public string Name { get; set; } = "";
    public DateTime Born { get; set; }
    public DateTimeOffset Seen { get; set; }
    public byte[]? Photo { get; set; }
    public List<string> Tags { get; set; } = [];
    public int[][] Matrix { get; set; } = [];
    public Dictionary<string, int[]> Scores { get; set; } = [];
    public double? Rating { get; set; }
}

public sealed class Unregistered
{
    public int A { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Hero))]
internal sealed partial class TestJsonContext : JsonSerializerContext;

public sealed class DatumTests
{
    private static readonly Hero Thor = new()
    {
        Name = "Thor",
        Born = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        Seen = new DateTimeOffset(2020, 1, 1, 1, 0, 0, TimeSpan.FromHours(1)),
        Photo = [1, 2, 3],
        Tags = ["god", "hammer"],
        Matrix = [[1, 2], []],
        Scores = new() { ["a"] = [7] },
        Rating = 4.5,
    };

    private const string ThorWire =
        "{\"name\":\"Thor\",\"born\":{\"$reql_type$\":\"TIME\",\"epoch_time\":1577836800,\"timezone\":\"+00:00\"}," +
        "\"seen\":{\"$reql_type$\":\"TIME\",\"epoch_time\":1577836800,\"timezone\":\"+01:00\"}," +
        "\"photo\":{\"$reql_type$\":\"BINARY\",\"data\":\"AQID\"},\"tags\":[2,[\"god\",\"hammer\"]]," +
        "\"matrix\":[2,[[2,[1,2]],[2,[]]]],\"scores\":{\"a\":[2,[7]]},\"rating\":4.5}";

    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(Wire.Same(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected {expected}\n actual  {actual}");

    [Fact]
    public void Poco_with_dates_bytes_and_nested_arrays_with_reflection_options()
    {
        AssertSameJson(ThorWire, Wire.Json(R.Expr(Thor)));
    }

    [Fact]
    public void Poco_with_a_source_generated_context_gets_the_same_wire_json()
    {
        var options = RethinkDbJson.WithDriverTypes(new JsonSerializerOptions { TypeInfoResolver = TestJsonContext.Default, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
        AssertSameJson("[56,[[15,[\"heroes\"]]," + ThorWire + "]]", Wire.Json(R.Table("heroes").Insert(Thor), options));
    }

    [Fact]
    public void A_type_the_source_generated_context_does_not_know_is_a_driver_compile_error()
    {
        var options = RethinkDbJson.WithDriverTypes(new JsonSerializerOptions { TypeInfoResolver = TestJsonContext.Default, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
        var error = Assert.Throws<ReqlDriverCompileError>(() => Wire.Json(R.Expr(new Unregistered { A = 1 }), options));
        Assert.Contains(nameof(Unregistered), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_finite_numbers_are_rejected_before_sending()
    {
        Assert.Throws<ReqlDriverCompileError>(() => R.Expr(double.NaN));
        Assert.Throws<ReqlDriverCompileError>(() => R.Expr((object)double.PositiveInfinity));
        Assert.Throws<ReqlDriverCompileError>(() => R.Expr(1) + double.NegativeInfinity);
        // Inside an object, the serializer finds it when the query is written.
        Assert.Throws<ReqlDriverCompileError>(() => Wire.Json(R.Expr(new Hero { Rating = double.NaN })));
    }

    [Fact]
    public void Top_level_dates_and_bytes_are_pseudo_types()
    {
        AssertSameJson("""{"$reql_type$":"TIME","epoch_time":1577836800.5,"timezone":"-08:00"}""",
            Wire.Json(R.Expr(new DateTimeOffset(2019, 12, 31, 16, 0, 0, 500, TimeSpan.FromHours(-8)))));
        AssertSameJson("""{"$reql_type$":"TIME","epoch_time":0,"timezone":"+00:00"}""",
            Wire.Json(R.Expr(DateTime.UnixEpoch.ToLocalTime())));
        AssertSameJson("""{"$reql_type$":"BINARY","data":"AAH/"}""", Wire.Json(R.Expr((object)new byte[] { 0, 1, 255 })));
        AssertSameJson("""{"$reql_type$":"BINARY","data":"AAH/"}""", Wire.Json(R.Expr(new ReadOnlyMemory<byte>([0, 1, 255]))));
    }

    [Fact]
    public void Primitives_keep_their_exact_value()
    {
        Assert.Equal("9223372036854775807", Wire.Json(R.Expr(long.MaxValue)));
        Assert.Equal(18446744073709551615d, double.Parse(Wire.Json(R.Expr((object)ulong.MaxValue)), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("\"c\"", Wire.Json(R.Expr((object)'c')));
        Assert.Equal("\"6f9619ff-8b86-d011-b42d-00c04fc964ff\"", Wire.Json(R.Expr((object)new Guid("6f9619ff-8b86-d011-b42d-00c04fc964ff"))));
        Assert.Equal("0.1", Wire.Json(R.Expr(0.1)));
        Assert.Equal("null", Wire.Json(R.Expr((object?)null)));
    }

    [Fact]
    public void Collections_become_make_array_and_dictionaries_objects_of_terms()
    {
        Assert.Equal("[2,[1,\"a\",[2,[]],null]]", Wire.Json(R.Expr(new List<object?> { 1, "a", Array.Empty<int>(), null })));
        Assert.Equal("{\"now\":[103,[]],\"list\":[2,[1]]}",
            Wire.Json(R.Expr(new Dictionary<string, object?> { ["now"] = R.Now(), ["list"] = new[] { 1 } })));
        // Keys that are not strings are refused, as by the official drivers (not turned into strings).
        Assert.Equal("Object keys must be strings.",
            Assert.Throws<ReqlDriverCompileError>(() => R.Expr(new Dictionary<int, string> { [1] = "a" })).Message);
    }

    [Fact]
    public void Json_documents_and_nodes_are_datums_with_arrays_wrapped()
    {
        using var document = JsonDocument.Parse("""{"a":[1,{"b":[]}],"s":"[not an array]"}""");
        const string expected = """{"a":[2,[1,{"b":[2,[]]}]],"s":"[not an array]"}""";
        Assert.Equal(expected, Wire.Json(R.Expr(document)));
        Assert.Equal(expected, Wire.Json(R.Expr(document.RootElement)));
        Assert.Equal(expected, Wire.Json(R.Expr(JsonNode.Parse("""{"a":[1,{"b":[]}],"s":"[not an array]"}"""))));
    }

    [Fact]
    public void Expressions_inside_serialized_objects_are_sent_as_terms()
    {
        Assert.Equal("""{"id":1,"at":[103,[]],"ids":[2,[[169,[]],"x"]],"nested":{"n":[24,[1,2]]}}""",
            Wire.Json(R.Expr(new { id = 1, at = R.Now(), ids = new ReqlExpr[] { R.Uuid(), "x" }, nested = new { n = R.Expr(1) + 2 } })));
    }

    [Fact]
    public void A_document_string_that_looks_like_a_placeholder_stays_a_string()
    {
        var json = Wire.Json(R.Expr(new { a = R.Now(), b = "$reql-expr$00000000000000000000000000000000$0" }));
        Assert.Equal("""{"a":[103,[]],"b":"$reql-expr$00000000000000000000000000000000$0"}""", json);
    }

    [Fact]
    public void An_expression_serialized_outside_a_query_is_refused()
    {
        Assert.Throws<NotSupportedException>(() =>
            JsonSerializer.Serialize(new { a = R.Now() }, RethinkDbJson.DefaultOptions.GetTypeInfo(new { a = R.Now() }.GetType())));
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_a_driver_compile_error()
    {
        var list = new List<object>();
        list.Add(list);
        Assert.Throws<ReqlDriverCompileError>(() => R.Expr(list));
    }

    [Fact]
    public void Large_documents_and_many_threads_do_not_mix_buffers()
    {
        var big = Enumerable.Range(0, 20_000).Select(i => new { i, tags = new[] { i } }).ToArray();
        var results = new string[8];
        Parallel.For(0, results.Length, n => results[n] = Wire.Json(R.Expr(new { n = 1, big })));
        Assert.All(results, r => Assert.Equal(results[0], r));
        Assert.Contains("{\"i\":19999,\"tags\":[2,[19999]]}", results[0], StringComparison.Ordinal);
    }
}
