using System.Buffers;
using System.Text.Json;

namespace RethinkDb.Protocol;

/// <summary>Writes query bodies: <c>[1, term, optargs]</c>, <c>[2]</c>, <c>[3]</c>, <c>[4]</c>, <c>[5]</c>.</summary>
internal static class QueryEncoder
{
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>What a START needs besides the term: the optargs and the serializer options.</summary>
    internal readonly record struct StartQuery(ReqlExpr Term, string? DefaultDb, RunOptions? Options, bool NoReply,
        JsonSerializerOptions Json);

    [ThreadStatic]
    private static SizeLimitedBufferWriter? t_limited;

    /// <summary>Writes a START; nothing of a query over <see cref="QueryLimits"/>' size or depth is sent.</summary>
    /// <exception cref="ReqlDriverError">The body would be larger than <see cref="QueryLimits.MaxQueryBytes"/>.</exception>
    /// <exception cref="ReqlDriverCompileError">The query nests too deeply or a value cannot be written.</exception>
    public static readonly FrameEncoder<StartQuery> Start = static (buffer, query) =>
    {
        var limited = t_limited ??= new SizeLimitedBufferWriter();
        limited.Reset(buffer);
        var writer = RentWriter(limited);
        try
        {
            writer.WriteStartArray();
            writer.WriteNumberValue((int)QueryType.Start);
            query.Term.WriteTo(writer, query.Json);
            writer.WriteStartObject();
            WriteGlobalOptArgs(writer, query);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.Flush();
        }
        catch (ArgumentException ex) when (ex.Message.Contains("too large", StringComparison.OrdinalIgnoreCase))
        {
            // System.Text.Json refuses a single string or property over ~166 M characters before writing it: far
            // over the query limit already.
            throw QueryLimits.TooLarge(QueryLimits.MaxQueryBytes + 1L, ex);
        }
        catch (ArgumentException ex)
        {
            // Text the writer cannot encode (a lone UTF-16 surrogate, say): the query cannot be built.
            throw new ReqlDriverCompileError($"The query could not be encoded: {ex.Message}", ex);
        }
        finally
        {
            writer.Reset(NullBufferWriter.Instance);
            limited.Reset(NullBufferWriter.Instance);
        }
    };

    public static readonly FrameEncoder<QueryType> Simple = static (buffer, type) =>
    {
        // [2], [3], [4] and [5]: three bytes, written without a JSON writer.
        var span = buffer.GetSpan(3);
        span[0] = (byte)'[';
        span[1] = (byte)('0' + (int)type);
        span[2] = (byte)']';
        buffer.Advance(3);
    };

    /// <summary>
    /// How queries are written: unchecked (the terms write well-formed JSON), with the writer's own depth limit (1,000
    /// by default) set above the driver's, so that <see cref="QueryLimits.EnsureCanNest"/> decides, typed.
    /// </summary>
    internal static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, MaxDepth = QueryLimits.MaxJsonDepth + 64 };

    private static Utf8JsonWriter RentWriter(IBufferWriter<byte> buffer)
    {
        if (t_writer is { } writer)
        {
            writer.Reset(buffer);
            return writer;
        }
        return t_writer = new Utf8JsonWriter(buffer, WriterOptions);
    }

    private static void WriteGlobalOptArgs(Utf8JsonWriter writer, in StartQuery query)
    {
        var options = query.Options;
        var db = options?.Db ?? query.DefaultDb;
        if (db is not null && options?.OptArgs.ContainsKey("db") != true)
        {
            // Global optargs are terms: the database is sent as r.db(name), encoded once per name.
            writer.WritePropertyName("db"u8);
            writer.WriteRawValue(DefaultDbTerms.Get(db), skipInputValidation: true);
        }
        if (query.NoReply)
        {
            writer.WriteBoolean("noreply"u8, true);
        }
        if (options is null)
        {
            return;
        }
        WriteIfSet(writer, "durability"u8, options.Durability);
        WriteIfSet(writer, "read_mode"u8, options.ReadMode);
        if (options.Profile is { } profile)
        {
            writer.WriteBoolean("profile"u8, profile);
        }
        WriteIfSet(writer, "array_limit"u8, options.ArrayLimit);
        WriteIfSet(writer, "time_format"u8, options.TimeFormat);
        WriteIfSet(writer, "group_format"u8, options.GroupFormat);
        WriteIfSet(writer, "binary_format"u8, options.BinaryFormat);
        WriteIfSet(writer, "min_batch_rows"u8, options.MinBatchRows);
        WriteIfSet(writer, "max_batch_rows"u8, options.MaxBatchRows);
        WriteIfSet(writer, "max_batch_bytes"u8, options.MaxBatchBytes);
        if (options.MaxBatchSeconds is { } seconds)
        {
            writer.WriteNumber("max_batch_seconds"u8, seconds);
        }
        WriteIfSet(writer, "first_batch_scaledown_factor"u8, options.FirstBatchScaledownFactor);
        foreach (var (name, value) in options.OptArgs)
        {
            if (name == "noreply")
            {
                // The server would never answer, and the caller would wait forever for a response.
                throw new ReqlDriverCompileError("\"noreply\" cannot be set in RunOptions.OptArgs: use RunNoReplyAsync.");
            }
            if (TypedOptArgNames.Contains(name))
            {
                throw new ReqlDriverCompileError($"\"{name}\" is set in RunOptions.OptArgs: use the RunOptions property for it.");
            }
            writer.WritePropertyName(name);
            var term = value as ReqlExpr ?? R.Expr(value);
            term.WriteTo(writer, query.Json);
        }
    }

    /// <summary>
    /// The global optargs <see cref="RunOptions"/> has properties for (sent from those, not from OptArgs). Not "db":
    /// OptArgs["db"] is accepted and replaces the default database (see WriteGlobalOptArgs).
    /// </summary>
    private static readonly HashSet<string> TypedOptArgNames = new(StringComparer.Ordinal)
    {
        "durability", "read_mode", "profile", "array_limit", "time_format", "group_format", "binary_format",
        "min_batch_rows", "max_batch_rows", "max_batch_bytes", "max_batch_seconds", "first_batch_scaledown_factor",
    };

    private static void WriteIfSet(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteIfSet(Utf8JsonWriter writer, ReadOnlySpan<byte> name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    /// <summary>
    /// Passes writes through to the frame's buffer and stops a body at <see cref="QueryLimits.MaxQueryBytes"/>, as it
    /// is written (the writer advances in chunks), so a query far over the limit is not first written whole.
    /// </summary>
    private sealed class SizeLimitedBufferWriter : IBufferWriter<byte>
    {
        private IBufferWriter<byte> _inner = NullBufferWriter.Instance;
        private long _written;

        public void Reset(IBufferWriter<byte> inner)
        {
            _inner = inner;
            _written = 0;
        }

        public void Advance(int count)
        {
            _written += count;
            if (_written > QueryLimits.MaxQueryBytes)
            {
                throw QueryLimits.TooLarge(_written);
            }
            _inner.Advance(count);
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);
    }

    /// <summary>Lets the cached writer drop its reference to the last frame's buffer.</summary>
    private sealed class NullBufferWriter : IBufferWriter<byte>
    {
        public static readonly NullBufferWriter Instance = new();

        public void Advance(int count) { }

        public Memory<byte> GetMemory(int sizeHint = 0) => Array.Empty<byte>();

        public Span<byte> GetSpan(int sizeHint = 0) => [];
    }
}
