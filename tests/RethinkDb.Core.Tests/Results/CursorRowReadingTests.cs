using System.Text.Json;
using System.Text.Json.Serialization;
using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Results;

/// <summary>
/// A cursor reads each row with the type's converter in one pass; nulls, failures and the application's own
/// converters behave as with JsonSerializer.
/// </summary>
public sealed class CursorRowReadingTests
{
    public sealed record Person(string Name, int Age);

    [Theory, TestServer, RealServer]
    public async Task Rows_null_rows_and_nested_values_read_as_with_the_serializer(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var rows = new List<Person?>();
        await using (var cursor = await R.Expr(new object?[] { new { Name = "a", Age = 3 }, null, new { Name = "b\"]}", Age = -7 } })
            .RunCursorAsync<Person?>(h.Connection))
        {
            await foreach (var row in cursor)
            {
                rows.Add(row);
            }
        }
        Assert.Equal([new Person("a", 3), null, new Person("b\"]}", -7)], rows);
    }

    [Theory, TestServer, RealServer]
    public async Task A_row_that_does_not_fit_fails_with_the_serializers_error_and_path(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var read = new List<Person>();
        var error = await Assert.ThrowsAsync<JsonException>(async () =>
        {
            await using var cursor = await R.Expr(new object[] { new { Name = "a", Age = 1 }, new { Name = "b", Age = "old" } })
                .RunCursorAsync<Person>(h.Connection);
            await foreach (var row in cursor)
            {
                read.Add(row);
            }
        });
        Assert.Equal([new Person("a", 1)], read);
        Assert.Equal("$.Age", error.Path, ignoreCase: true);
    }

    [Fact]
    public void Only_converters_of_the_serializer_and_of_the_driver_are_called_directly()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };
        Assert.True(ResultReader.CanReadRowDirectly(GetInfo<Person>(options)));
        Assert.True(ResultReader.CanReadRowDirectly(GetInfo<List<Person>>(options)));
        Assert.True(ResultReader.CanReadRowDirectly(GetInfo<Dictionary<string, int>>(options)));
        // Through the serializer: the application's converter, one of the serializer's wrapping it, primitives.
        Assert.False(ResultReader.CanReadRowDirectly(GetInfo<Sloppy>(options)));
        Assert.False(ResultReader.CanReadRowDirectly(GetInfo<SloppyValue?>(options)));
        Assert.False(ResultReader.CanReadRowDirectly(GetInfo<int>(options)));
    }

    [Fact]
    public void A_converter_of_the_application_is_checked_by_the_serializer()
    {
        // Reads only the first token of its object: JsonSerializer notices; a direct call would not.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };
        var info = GetInfo<Sloppy>(options);
        var json = "[{\"a\":1},{\"a\":2}]"u8.ToArray();
        var exception = Record.Exception(() =>
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            reader.Read();
            ResultReader.ReadRow(ref reader, info, ResultReader.CanReadRowDirectly(info));
        });
        Assert.IsType<JsonException>(exception);
    }

    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> GetInfo<T>(JsonSerializerOptions options) =>
        (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));

    [JsonConverter(typeof(SloppyConverter))]
    public sealed class Sloppy;

    [JsonConverter(typeof(SloppyValueConverter))]
    public struct SloppyValue;

    public sealed class SloppyValueConverter : JsonConverter<SloppyValue>
    {
        public override SloppyValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => default;

        public override void Write(Utf8JsonWriter writer, SloppyValue value, JsonSerializerOptions options) => throw new NotSupportedException();
    }

    public sealed class SloppyConverter : JsonConverter<Sloppy>
    {
        public override Sloppy Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new();

        public override void Write(Utf8JsonWriter writer, Sloppy value, JsonSerializerOptions options) => throw new NotSupportedException();
    }
}
