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
/// <para>An expression inside a serialized object (such as
/// <c>new { created = R.Now() }</c>) is written by <see cref="Protocol.ReqlExprJsonConverter"/> as a placeholder string made
/// of a per-process random prefix and an index; this pass replaces each placeholder by the expression's term. The
/// prefix cannot be guessed, so a document's own strings can never be mistaken for one. Because the object's content
/// is only known when it is serialized, an <c>R.Row</c> inside it is not wrapped in a function; use a dictionary or a
/// lambda there.</para>
/// </remarks>
internal static class DatumWriter
{
    // Buffers that grew past this are dropped after use instead of pinning memory to the thread.
    private const int MaxRetainedBytes = 1024 * 1024;

    [ThreadStatic]
    private static Scratch? t_scratch;

    // The scratch whose object is being serialized on this thread: where the converter leaves expressions.
    [ThreadStatic]
    private static Scratch? t_current;

    /// <summary>The placeholder prefix: ASCII that no encoder escapes, random per process.</summary>
    private static readonly byte[] PlaceholderPrefix = System.Text.Encoding.ASCII.GetBytes(
        "$reql-expr$" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)) + "$");

    /// <summary>Called by <see cref="Protocol.ReqlExprJsonConverter"/>: writes a placeholder for <paramref name="expr"/>.</summary>
    internal static void WritePlaceholder(Utf8JsonWriter writer, ReqlExpr expr)
    {
        var scratch = t_current ?? throw new NotSupportedException(
            "A ReqlExpr can only be serialized as part of a query (inside an object given to R.Expr, Insert, Update...).");
        var index = scratch.Expressions.Count;
        scratch.Expressions.Add(expr);
        Span<byte> text = stackalloc byte[PlaceholderPrefix.Length + 11];
        PlaceholderPrefix.CopyTo(text);
        index.TryFormat(text[PlaceholderPrefix.Length..], out var digits, default, System.Globalization.CultureInfo.InvariantCulture);
        writer.WriteStringValue(text[..(PlaceholderPrefix.Length + digits)]);
    }

    public static void Write(Utf8JsonWriter writer, object value, JsonSerializerOptions options)
    {
        // A nested call (a converter that writes a query, say) gets its own buffers instead of corrupting ours.
        var scratch = t_scratch ?? new Scratch();
        t_scratch = null;
        try
        {
            var json = scratch.Serialize(value, options);
            if (json.IndexOf((byte)'[') < 0 && scratch.Expressions.Count == 0)
            {
                writer.WriteRawValue(json, skipInputValidation: true);
            }
            else
            {
                writer.WriteRawValue(scratch.Rewrite(json, options), skipInputValidation: true);
            }
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException or InvalidOperationException
            && scratch.ReachedDepthLimit)
        {
            // Too deep for the serializer (its MaxDepth) or the writer: the official drivers' error for values nested
            // too deeply, whatever part of System.Text.Json noticed it first.
            throw new ReqlDriverCompileError(R.NestingDepthExceeded().Message, ex);
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
        private Utf8JsonWriter? _termWriter;
        private int _depthLimit;

        /// <summary>Whether the last serialization stopped at the nesting limit of the serializer or the writer.</summary>
        public bool ReachedDepthLimit => _writer is not null && _writer.CurrentDepth >= _depthLimit;

        /// <summary>The expressions met while serializing, by placeholder index.</summary>
        public List<ReqlExpr> Expressions { get; } = [];

        public ReadOnlySpan<byte> Serialize(object value, JsonSerializerOptions options)
        {
            var writer = RentWriter(options);
            var previous = t_current;
            t_current = this;
            try
            {
                SerializeCore(writer, value, options);
            }
            finally
            {
                t_current = previous;
            }
            writer.Flush();
            return _json.WrittenSpan;
        }

        private static void SerializeCore(Utf8JsonWriter writer, object value, JsonSerializerOptions options)
        {
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
        }

        /// <summary>Wraps arrays as MAKE_ARRAY and replaces placeholders by their expressions' terms.</summary>
        public ReadOnlySpan<byte> Rewrite(ReadOnlySpan<byte> json, JsonSerializerOptions options)
        {
            // The JSON was written by our own writer, so it is never deeper than that writer allows.
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = _writer!.Options.MaxDepth + 1 });
            var copied = 0;
            while (reader.Read())
            {
                var at = (int)reader.TokenStartIndex;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartArray or JsonTokenType.EndArray:
                        _wrapped.Write(json[copied..at]);
                        _wrapped.Write(reader.TokenType == JsonTokenType.StartArray ? "[2,["u8 : "]]"u8);
                        copied = at + 1;
                        break;
                    case JsonTokenType.String when Expressions.Count > 0 && reader.ValueSpan.StartsWith(PlaceholderPrefix):
                        _wrapped.Write(json[copied..at]);
                        WriteTerm(ParseIndex(reader.ValueSpan[PlaceholderPrefix.Length..]), options);
                        copied = at + reader.ValueSpan.Length + 2;
                        break;
                }
            }
            _wrapped.Write(json[copied..]);
            return _wrapped.WrittenSpan;
        }

        private int ParseIndex(ReadOnlySpan<byte> digits)
        {
            if (!System.Buffers.Text.Utf8Parser.TryParse(digits, out int index, out var consumed) || consumed != digits.Length
                || index < 0 || index >= Expressions.Count)
            {
                throw new JsonException("A ReqlExpr placeholder is corrupt.");
            }
            return index;
        }

        private void WriteTerm(int index, JsonSerializerOptions options)
        {
            // Only a string token is replaced, so the term lands exactly where a value stood.
            if (_termWriter is null)
            {
                _termWriter = new Utf8JsonWriter(_wrapped, new JsonWriterOptions { SkipValidation = true });
            }
            else
            {
                _termWriter.Reset(_wrapped);
            }
            Expressions[index].WriteTo(_termWriter, options);
            _termWriter.Flush();
        }

        private Utf8JsonWriter RentWriter(JsonSerializerOptions options)
        {
            // The writer's options come from the serializer options (the encoder decides what gets escaped).
            if (_writer is null || !ReferenceEquals(_writerOptions, options))
            {
                _writer?.Dispose();
                // The serializer stops at its MaxDepth (64 by default); JSON documents and nodes, written without
                // it, stop at the writer's.
                var serializerDepth = options.MaxDepth == 0 ? 64 : options.MaxDepth;
                _writer = new Utf8JsonWriter(_json, new JsonWriterOptions
                {
                    Encoder = options.Encoder,
                    MaxDepth = options.MaxDepth == 0 ? 1000 : options.MaxDepth * 2,
                    SkipValidation = false,
                });
                _depthLimit = serializerDepth;
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
            _termWriter?.Reset();
            Expressions.Clear();
            _json.ResetWrittenCount();
            _wrapped.ResetWrittenCount();
            return true;
        }

        public void Dispose()
        {
            _writer?.Dispose();
            _termWriter?.Dispose();
        }
    }
}
