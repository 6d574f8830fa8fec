using System.Buffers;
using System.Text;
using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Net;

public class ResponseParseTests
{
    private static Response Parse(string json) => Response.Parse(7, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)));

    private static string Text(ReadOnlySpan<byte> raw) => Encoding.UTF8.GetString(raw);

    [Fact]
    public void Header_fields_and_raw_slices_are_found_in_any_order_and_spacing()
    {
        using var response = Parse(" {\n \"p\" : [{\"a\":1}] , \"r\":[1, \"x]}\\\"{[\", {\"k\":[[],{}]}],\"n\":[1,5],\"t\":3,\"b\":[0,\"a\"]\t}\r\n");
        Assert.Equal(ResponseType.SuccessPartial, response.Type);
        Assert.Equal([ResponseNote.SequenceFeed, ResponseNote.IncludesStates], response.Notes);
        Assert.Equal("[1, \"x]}\\\"{[\", {\"k\":[[],{}]}]", Text(response.Results));
        Assert.Equal("[0,\"a\"]", Text(response.Backtrace));
        Assert.Equal("[{\"a\":1}]", Text(response.Profile));
        Assert.Equal(7, response.Token);
    }

    private static string LargeResults(int count) =>
        "[" + string.Join(",", Enumerable.Range(0, count).Select(i => $"{{\"id\":{i},\"name\":\"user ]}} {i}\"}}")) + "]";

    [Fact]
    public void A_large_body_is_parsed_up_to_its_results_and_the_rest_when_asked()
    {
        var results = LargeResults(2000); // well over the 4 KiB above which parsing stops at "r"
        using var response = Parse($"{{\"t\":3,\"r\":{results},\"n\":[1],\"p\":[{{\"x\":1}}]}}");

        Assert.Equal(ResponseType.SuccessPartial, response.Type);
        // What a cursor reads: the results array, then whatever follows it, which its reader never reaches.
        var reader = new Utf8JsonReader(response.ResultsAndRest);
        reader.Read();
        var ids = new List<int>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            ids.Add(doc.RootElement.GetProperty("id").GetInt32());
        }
        Assert.Equal(Enumerable.Range(0, 2000), ids);
        Assert.StartsWith(results, Text(response.ResultsAndRest), StringComparison.Ordinal);

        // Asked for, the fields after the results are found as with a small body.
        Assert.Equal([ResponseNote.SequenceFeed], response.Notes);
        Assert.Equal(results, Text(response.Results));
        Assert.Equal("[{\"x\":1}]", Text(response.Profile));
        Assert.Equal(results, Text(response.ResultsAndRest));
    }

    [Fact]
    public void A_large_body_whose_type_comes_after_its_results_is_parsed_whole()
    {
        var results = LargeResults(2000);
        using var response = Parse($"{{\"r\":{results},\"n\":[2],\"t\":2}}");
        Assert.Equal(ResponseType.SuccessSequence, response.Type);
        Assert.Equal([ResponseNote.AtomFeed], response.Notes);
        Assert.Equal(results, Text(response.ResultsAndRest));
    }

    [Fact]
    public void A_large_body_broken_after_its_results_fails_when_the_rest_is_asked_for()
    {
        using var response = Parse($"{{\"t\":3,\"r\":{LargeResults(2000)},\"n\":[1,}}");
        Assert.Equal(ResponseType.SuccessPartial, response.Type);
        var error = Assert.Throws<ReqlDriverError>(() => response.Notes);
        Assert.Contains("Invalid response", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_responses_carry_their_error_type_and_message()
    {
        using var response = Parse("{\"t\":18,\"e\":3000000,\"r\":[\"No attribute `x` in object\"],\"b\":[]}");
        Assert.True(response.IsError);
        Assert.Equal(ErrorType.QueryLogic, response.ErrorType);
        Assert.Equal("No attribute `x` in object", response.FirstResultAsString());
    }

    [Fact]
    public void Unknown_fields_of_any_kind_are_skipped()
    {
        using var response = Parse("{\"zz\":{\"t\":99},\"t\":1,\"\\u0072\":[5],\"x\":-1.5e3,\"y\":null,\"w\":true,\"r\":[2]}");
        Assert.Equal(ResponseType.SuccessAtom, response.Type);
        Assert.Equal("[2]", Text(response.Results));
    }

    [Theory]
    [InlineData("this is not json at all \u0001\u0002")]
    [InlineData("[1,2]")]
    [InlineData("{}")]
    [InlineData("{\"r\":[1]}")]
    [InlineData("{\"t\":1,\"r\":[1]")]
    [InlineData("{\"t\":1,\"r\":[1}")]
    [InlineData("{\"t\":1,\"r\":{\"a\":[}]}")]
    [InlineData("{\"t\":1,\"r\":[\"unterminated]}")]
    [InlineData("{\"t\":1 \"r\":[1]}")]
    [InlineData("{\"t\":1,\"r\":}")]
    [InlineData("{\"t\":\"one\"}")]
    [InlineData("")]
    public void Malformed_bodies_are_driver_errors(string json)
    {
        var error = Assert.Throws<ReqlDriverError>(() => Parse(json));
        Assert.Contains("token 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_slices_match_what_Utf8JsonReader_finds_for_generated_documents()
    {
        var random = new Random(12345);
        for (var round = 0; round < 300; round++)
        {
            var results = new StringBuilder("[");
            var count = random.Next(0, 20);
            for (var i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    results.Append(random.Next(3) == 0 ? " , " : ",");
                }
                results.Append(RandomValue(random, depth: 0));
            }
            results.Append(']');
            var json = $"{{\"t\":2,\"r\":{results},\"n\":[],\"p\":{RandomValue(random, 0)}}}";

            using var response = Parse(json);
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            string? expectedResults = null, expectedProfile = null;
            var bytes = Encoding.UTF8.GetBytes(json);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var raw = Encoding.UTF8.GetString(bytes, start, (int)reader.BytesConsumed - start);
                if (name == "r")
                {
                    expectedResults = raw;
                }
                else if (name == "p")
                {
                    expectedProfile = raw;
                }
            }
            Assert.Equal(expectedResults, Text(response.Results));
            Assert.Equal(expectedProfile, Text(response.Profile));
        }
    }

    private static string RandomValue(Random random, int depth) => random.Next(depth > 4 ? 4 : 7) switch
    {
        0 => random.Next(-1000, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
        1 => JsonSerializer.Serialize(RandomString(random)),
        2 => random.Next(2) == 0 ? "true" : "null",
        3 => "1.5e-3",
        4 => "[" + string.Join(",", Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomValue(random, depth + 1))) + "]",
        _ => "{" + string.Join(",", Enumerable.Range(0, random.Next(0, 4)).Select(k =>
            $"{JsonSerializer.Serialize(RandomString(random) + k)} : {RandomValue(random, depth + 1)}")) + "}",
    };

    private static string RandomString(Random random)
    {
        const string alphabet = "ab[]{}\",:\\/ \u00e9\u4e2d\n\t";
        return new string(Enumerable.Range(0, random.Next(0, 12)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
    }
}
