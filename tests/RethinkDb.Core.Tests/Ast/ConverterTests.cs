using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Ast;

public sealed class ConverterTests
{
    private static readonly JsonSerializerOptions Options = RethinkDbJson.DefaultOptions;

    private sealed record Stamped(DateTime At, DateTimeOffset Local, byte[] Data, DateTime? Maybe);

    [Fact]
    public void Time_pseudo_type_reads_as_DateTime_in_utc_and_DateTimeOffset_with_its_offset()
    {
        const string json = """{"$reql_type$":"TIME","epoch_time":1577836800.123,"timezone":"-08:00"}""";

        var utc = JsonSerializer.Deserialize(json, Options.GetTypeInfo(typeof(DateTime)));
        var offset = (DateTimeOffset)JsonSerializer.Deserialize(json, Options.GetTypeInfo(typeof(DateTimeOffset)))!;

        Assert.Equal(new DateTime(2020, 1, 1, 0, 0, 0, 123, DateTimeKind.Utc), utc);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)utc!).Kind);
        Assert.Equal(TimeSpan.FromHours(-8), offset.Offset);
        Assert.Equal(new DateTimeOffset(2019, 12, 31, 16, 0, 0, 123, TimeSpan.FromHours(-8)), offset);
    }

    [Fact]
    public void Members_round_trip_through_the_pseudo_types()
    {
        var value = new Stamped(
            new DateTime(2024, 2, 29, 23, 59, 58, 999, DateTimeKind.Utc).AddTicks(1230),
            new DateTimeOffset(1969, 7, 20, 20, 17, 40, TimeSpan.FromMinutes(-150)),
            [0, 1, 2, 254, 255],
            null);

        var json = JsonSerializer.Serialize(value, Options.GetTypeInfo(typeof(Stamped)));
        Assert.Contains("\"$reql_type$\":\"BINARY\"", json, StringComparison.Ordinal);
        Assert.Contains("-02:30", json, StringComparison.Ordinal);
        var back = (Stamped)JsonSerializer.Deserialize(json, Options.GetTypeInfo(typeof(Stamped)))!;

        // Microsecond precision: what a double of seconds since 1970 holds.
        Assert.Equal(value.At.AddTicks(-(value.At.Ticks % 10)), back.At);
        Assert.Equal(value.Local, back.Local);
        Assert.Equal(value.Local.Offset, back.Local.Offset);
        Assert.Equal(value.Data, back.Data);
        Assert.Null(back.Maybe);
    }

    [Fact]
    public void Plain_strings_are_accepted_for_compatibility()
    {
        Assert.Equal(new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            JsonSerializer.Deserialize("\"2020-01-01T00:00:00Z\"", Options.GetTypeInfo(typeof(DateTime))));
        Assert.Equal(new byte[] { 1, 2, 3 }, JsonSerializer.Deserialize("\"AQID\"", Options.GetTypeInfo(typeof(byte[]))));
    }

    [Theory]
    [InlineData("""{"$reql_type$":"BINARY","data":"AQID"}""")]
    [InlineData("""{"$reql_type$":"TIME","timezone":"+00:00"}""")]
    [InlineData("42")]
    public void Wrong_shapes_are_json_errors(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, Options.GetTypeInfo(typeof(DateTime))));
    }

    [Fact]
    public void Binary_with_the_wrong_type_tag_is_a_json_error()
    {
        Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize("""{"$reql_type$":"TIME","data":"AQID"}""", Options.GetTypeInfo(typeof(byte[]))));
    }

    [Fact]
    public void A_caller_converter_for_the_same_type_wins()
    {
        var custom = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        custom.Converters.Add(new IsoDateConverter());
        var options = RethinkDbJson.WithDriverTypes(custom);

        Assert.Equal("\"2020-01-01\"", JsonSerializer.Serialize(new DateTime(2020, 1, 1), options.GetTypeInfo(typeof(DateTime))));
        Assert.Contains("BINARY", JsonSerializer.Serialize(new byte[] { 1 }, options.GetTypeInfo(typeof(byte[]))), StringComparison.Ordinal);
    }

    private sealed class IsoDateConverter : System.Text.Json.Serialization.JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTime.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }
}
