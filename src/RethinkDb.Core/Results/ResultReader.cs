using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// Reads results straight from a response's raw UTF-8 JSON into the caller's type: no intermediate strings and
/// no DOM, except where the caller asks for one (<see cref="JsonElement"/>, <see cref="JsonNode"/>).
/// </summary>
internal static class ResultReader
{
    private static ReadOnlySpan<byte> ReqlTypeProperty => "$reql_type$"u8;

    private static ReadOnlySpan<byte> GroupedDataType => "GROUPED_DATA"u8;

    public static JsonTypeInfo<T> GetTypeInfo<T>(JsonSerializerOptions options) =>
        (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));

    /// <summary>
    /// Whether a whole sequence can be read as <typeparamref name="T"/>: a collection type, or a type that holds any
    /// JSON (<see cref="JsonElement"/>, <see cref="JsonDocument"/>, <see cref="JsonNode"/>, <see cref="object"/>).
    /// </summary>
    public static bool CanReadSequence<T>(JsonTypeInfo<T> info) =>
        info.Kind == JsonTypeInfoKind.Enumerable ||
        typeof(T) == typeof(JsonElement) || typeof(T) == typeof(JsonElement?) || typeof(T) == typeof(JsonDocument) ||
        typeof(T) == typeof(object) || typeof(T) == typeof(JsonNode) || typeof(T) == typeof(JsonArray);

    public static ReqlDriverError SequenceTargetError<T>() => new(
        $"The query returned a sequence, which cannot be read as {typeof(T).Name}: ask for a list or array type " +
        $"(for example List<{typeof(T).Name}>), JsonElement, or use RunCursorAsync.");

    public static bool GroupsAreRaw(RunOptions? options) =>
        string.Equals(options?.GroupFormat, "raw", StringComparison.Ordinal);

    /// <summary>Reads <c>r[0]</c> of a SUCCESS_ATOM response as <typeparamref name="T"/>.</summary>
    public static T ReadAtom<T>(ReadOnlySpan<byte> results, JsonTypeInfo<T> info, bool rawGroups)
    {
        // The value, inside the results array, as deep as the caller's options allow (see ResponseDepth).
        var reader = new Utf8JsonReader(results, ResponseDepth.Values(info.Options, enclosingLevels: 1));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray || !reader.Read() ||
            reader.TokenType == JsonTokenType.EndArray)
        {
            throw new ReqlDriverError("The server sent a SUCCESS_ATOM response without a value.");
        }
        try
        {
            if (!rawGroups && reader.TokenType == JsonTokenType.StartObject && IsGroupedData(reader))
            {
                using var rewritten = new PooledBuffer(results.Length + 64);
                RewriteGroupedData(results, ref reader, rewritten);
                return JsonSerializer.Deserialize(rewritten.WrittenSpan, info)!;
            }
            return JsonSerializer.Deserialize(ref reader, info)!;
        }
        catch (JsonException ex)
        {
            // The caller's type or options (a value too deep), or text that is no valid UTF-8 (the structure was
            // checked when the response came).
            throw InvalidResponse.Classify(ex, results, info.Options, ResponseDepth.ValueLimit(info.Options) + 1);
        }
    }

    /// <summary>
    /// Whether <see cref="ReadRow"/> may call the type's converter directly: only converters known to read exactly
    /// their value: the serializer's own for objects, collections and dictionaries (their members' converters, the
    /// application's included, are still called and checked by the serializer), and this driver's. Anything else —
    /// a converter of the application's, or one of the serializer's wrapping one (nullable, casting) — goes through
    /// <see cref="JsonSerializer"/>, which checks that it read neither too much nor too little.
    /// </summary>
    public static bool CanReadRowDirectly<T>(JsonTypeInfo<T> info) =>
        info.Converter is JsonConverter<T> converter &&
        (info.Kind is JsonTypeInfoKind.Object or JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary
            ? converter.GetType().Assembly == typeof(JsonSerializer).Assembly
            : converter.GetType().Assembly == typeof(ResultReader).Assembly);

    /// <summary>
    /// Reads one row of a cursor's batch, the reader on its first token; leaves the reader on its last token.
    /// </summary>
    /// <remarks>
    /// The batch is wholly in memory, so (when <paramref name="direct"/>) the type's converter reads the row in one
    /// pass. <c>JsonSerializer.Deserialize(ref reader)</c>, written for readers over partial data, first skips over
    /// the whole value to scope a reader to it: a second pass over every row (a quarter of a small document's cost).
    /// A row that fails is read again that way, so that errors are the serializer's usual JsonException with the
    /// path of the failing member.
    /// </remarks>
    public static T ReadRow<T>(ref Utf8JsonReader reader, JsonTypeInfo<T> info, bool direct)
    {
        if (!direct || reader.TokenType == JsonTokenType.Null)
        {
            return JsonSerializer.Deserialize(ref reader, info)!;
        }
        var start = reader;
        try
        {
            return ((JsonConverter<T>)info.Converter).Read(ref reader, typeof(T), info.Options)!;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or JsonException or OverflowException)
        {
            reader = start;
            return JsonSerializer.Deserialize(ref reader, info)!;
        }
    }

    /// <summary>Reads a JSON array of rows (one complete sequence) as <typeparamref name="T"/>.</summary>
    public static T ReadSequence<T>(ReadOnlySpan<byte> array, JsonTypeInfo<T> info)
    {
        try
        {
            return JsonSerializer.Deserialize(array, info)!;
        }
        catch (JsonException ex)
        {
            // Read from the span, the reader allows the options' depth to the array, its rows one level less.
            throw InvalidResponse.Classify(ex, array, info.Options, ResponseDepth.ValueLimit(info.Options));
        }
    }

    /// <summary>Appends the rows of one batch (<c>[a,b]</c>) to a JSON array being built (<c>[x,y</c> …).</summary>
    public static void AppendBatch(PooledBuffer buffer, ReadOnlySpan<byte> batch)
    {
        // The batch is the exact slice of "r" from the response: '[' rows ']' with no outer whitespace.
        var inner = batch.Length >= 2 ? batch[1..^1].Trim(" \t\r\n"u8) : default;
        if (inner.IsEmpty)
        {
            return;
        }
        if (buffer.WrittenCount > 1)
        {
            buffer.Write((byte)',');
        }
        buffer.Write(inner);
    }

    /// <summary>
    /// Whether the object at the reader is a GROUPED_DATA pseudo-type. The server writes object keys in sorted
    /// order, so <c>$reql_type$</c> comes first when present ('$' sorts before letters and digits).
    /// </summary>
    private static bool IsGroupedData(Utf8JsonReader reader)
    {
        // The reader is a copy: peeking does not move the caller's reader.
        return reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(ReqlTypeProperty) &&
               reader.Read() && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(GroupedDataType);
    }

    /// <summary>
    /// Rewrites <c>{"$reql_type$":"GROUPED_DATA","data":[[g,r],…]}</c> as <c>[{"group":g,"reduction":r},…]</c>,
    /// copying the raw JSON of each key and reduction out of <paramref name="source"/> (the span the reader reads).
    /// </summary>
    private static void RewriteGroupedData(ReadOnlySpan<byte> source, ref Utf8JsonReader reader, PooledBuffer output)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        writer.WriteStartArray();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw InvalidResponse.Create("GROUPED_DATA whose data is not an array.");
            }
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                // Each pair is [group, reduction]: anything else would be copied into JSON that is no longer valid.
                if (reader.TokenType != JsonTokenType.StartArray || !reader.Read() || reader.TokenType == JsonTokenType.EndArray)
                {
                    throw InvalidResponse.Create("GROUPED_DATA holds an entry that is not a [group, reduction] pair.");
                }
                writer.WriteStartObject();
                writer.WritePropertyName("group"u8);
                writer.WriteRawValue(RawValue(source, ref reader), skipInputValidation: true);
                writer.WritePropertyName("reduction"u8);
                if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
                {
                    throw InvalidResponse.Create("GROUPED_DATA holds an entry that is not a [group, reduction] pair.");
                }
                writer.WriteRawValue(RawValue(source, ref reader), skipInputValidation: true);
                writer.WriteEndObject();
                if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
                {
                    throw InvalidResponse.Create("GROUPED_DATA holds an entry that is not a [group, reduction] pair.");
                }
            }
        }
        writer.WriteEndArray();
        writer.Flush();
    }

    /// <summary>The raw bytes of the value at the reader (a scalar, or a whole object or array); moves past it.</summary>
    private static ReadOnlySpan<byte> RawValue(ReadOnlySpan<byte> source, ref Utf8JsonReader reader)
    {
        var start = (int)reader.TokenStartIndex;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
        }
        return source[start..(int)reader.BytesConsumed];
    }
}
