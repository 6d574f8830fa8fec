using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RethinkDb;

/// <summary>
/// Writes a CLR object as a datum: serialized with System.Text.Json, then every JSON array wrapped as
/// <c>MAKE_ARRAY</c> (<c>[1,2]</c> becomes <c>[2,[1,2]]</c>) so the server does not read it as a term.
/// </summary>
/// <remarks>
/// The object is serialized once into a per-thread scratch buffer. Because that JSON is compact and valid, wrapping
/// needs no second parse of values: the reader only locates array brackets and the bytes between them are copied
/// unchanged into a second scratch buffer, which is written to the query as one raw value. JSON without any
/// <c>[</c> byte is written straight away.
/// </remarks>
internal static class DatumWriter
{
    // Buffers that grew past this are dropped after use instead of pinning memory to the thread.
    private const int MaxRetainedBytes = 1024 * 1024;

    [ThreadStatic]
    private static Scratch? t_scratch;

    public static void Write(Utf8JsonWriter writer, object value, JsonSerializerOptions options)
    {
        // A nested call (a converter that writes a query, say) gets its own buffers instead of corrupting ours.
        var scratch = t_scratch ?? new Scratch();
        t_scratch = null;
        try
        {
            var json = scratch.Serialize(value, options);
            if (json.IndexOf((byte)'[') < 0)
            {
                writer.WriteRawValue(json, skipInputValidation: true);
            }
            else
            {
                writer.WriteRawValue(scratch.WrapArrays(json), skipInputValidation: true);
            }
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            // The serializer rejected the value (no metadata for its type under a source-generated context, a cycle,
            // NaN, a converter failing): the query cannot be built, which is a compile error of the driver.
            throw new ReqlDriverCompileError($"A value of type {value.GetType()} could not be serialized for the query: {ex.Message}", ex);
        }
        finally
        {
            if (scratch.Reset())
            {
                t_scratch = scratch;
            }
        }
    }

    private sealed class Scratch : IDisposable
    {
        private readonly ArrayBufferWriter<byte> _json = new(256);
        private readonly ArrayBufferWriter<byte> _wrapped = new(256);
        private Utf8JsonWriter? _writer;
        private JsonSerializerOptions? _writerOptions;

        public ReadOnlySpan<byte> Serialize(object value, JsonSerializerOptions options)
        {
            var writer = RentWriter(options);
            switch (value)
            {
                case JsonElement element:
                    element.WriteTo(writer);
                    break;
                case JsonDocument document:
                    document.WriteTo(writer);
                    break;
                case JsonNode node:
                    node.WriteTo(writer, options);
                    break;
                default:
                    // GetTypeInfo works with source-generated contexts (and throws NotSupportedException for types
                    // the resolver does not know), so no reflection-only overload is needed.
                    JsonSerializer.Serialize(writer, value, options.GetTypeInfo(value.GetType()));
                    break;
            }
            writer.Flush();
            return _json.WrittenSpan;
        }

        public ReadOnlySpan<byte> WrapArrays(ReadOnlySpan<byte> json)
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 1024 });
            var copied = 0;
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.StartArray or JsonTokenType.EndArray))
                {
                    continue;
                }
                var at = (int)reader.TokenStartIndex;
                _wrapped.Write(json[copied..at]);
                _wrapped.Write(reader.TokenType == JsonTokenType.StartArray ? "[2,["u8 : "]]"u8);
                copied = at + 1;
            }
            _wrapped.Write(json[copied..]);
            return _wrapped.WrittenSpan;
        }

        private Utf8JsonWriter RentWriter(JsonSerializerOptions options)
        {
            // The writer's options come from the serializer options (the encoder decides what gets escaped).
            if (_writer is null || !ReferenceEquals(_writerOptions, options))
            {
                _writer?.Dispose();
                _writer = new Utf8JsonWriter(_json, new JsonWriterOptions
                {
                    Encoder = options.Encoder,
                    MaxDepth = options.MaxDepth == 0 ? 1000 : options.MaxDepth * 2,
                    SkipValidation = false,
                });
                _writerOptions = options;
            }
            else
            {
                _writer.Reset(_json);
            }
            return _writer;
        }

        /// <summary>Clears the buffers; false (and disposed) when they grew too large to keep.</summary>
        public bool Reset()
        {
            if (_json.Capacity > MaxRetainedBytes || _wrapped.Capacity > MaxRetainedBytes)
            {
                Dispose();
                return false;
            }
            _writer?.Reset();
            _json.ResetWrittenCount();
            _wrapped.ResetWrittenCount();
            return true;
        }

        public void Dispose() => _writer?.Dispose();
    }
}
