using System.Collections.Concurrent;
using System.Buffers;
using System.Text.Json;

namespace RethinkDb.Protocol;

/// <summary>
/// One response frame: the token and the JSON body, kept as raw UTF-8 in a pooled buffer. The header fields
/// (<c>t</c>, <c>e</c>, <c>n</c>) are parsed once; the results (<c>r</c>), backtrace (<c>b</c>) and profile
/// (<c>p</c>) stay as raw JSON slices until someone asks for them.
/// </summary>
/// <remarks>Dispose returns the buffer to the pool; nothing may read the response afterwards.</remarks>
internal sealed class Response : IDisposable
{
    // Reused through Recycle: a small query's response is the one object a query allocates besides its Task.
    private static readonly ConcurrentQueue<Response> Pool = new();
    private const int MaxPooled = 1024;

    private byte[]? _buffer;
    private int _length;
    private int _resultStart = -1, _resultLength;
    private int _backtraceStart = -1, _backtraceLength;
    private int _profileStart = -1, _profileLength;
    private IReadOnlyList<ResponseNote> _notes = [];

    // A large body (a cursor's batch) is parsed only up to the start of "r" when it arrives: skipping a megabyte of
    // results to find what follows them costs a pass over every document, on the reader thread, before the cursor
    // can send its next CONTINUE. The rest is parsed when first asked for (a cursor asks for its first batch's
    // notes, never for later batches'). A response has one reader at a time. Until then
    // _resultStart is where "r" starts and _resultLength is RestUnparsed (no field of its own: this object is one of
    // the two allocations of a small query).
    private const int LazyParseThreshold = 4 * 1024;
    private const int RestUnparsed = -1;

    private Response(long token, byte[] buffer, int length)
    {
        Token = token;
        _buffer = buffer;
        _length = length;
    }

    public long Token { get; private set; }

    public ResponseType Type { get; private set; }

    public ErrorType ErrorType { get; private set; }

    /// <summary>The notes (<c>n</c>); empty for most responses.</summary>
    public IReadOnlyList<ResponseNote> Notes
    {
        get
        {
            EnsureParsed();
            return _notes;
        }
    }

    /// <summary>The whole JSON body.</summary>
    public ReadOnlySpan<byte> Body => Buffer.AsSpan(0, _length);

    /// <summary>The raw JSON array of results (<c>r</c>), or an empty span when absent.</summary>
    public ReadOnlySpan<byte> Results
    {
        get
        {
            EnsureParsed();
            return _resultStart < 0 ? default : Buffer.AsSpan(_resultStart, _resultLength);
        }
    }

    /// <summary>
    /// The results array followed by whatever comes after it in the body, for a reader that stops at the array's
    /// end (a cursor): unlike <see cref="Results"/>, it never makes a large body be parsed to its end.
    /// </summary>
    public ReadOnlySpan<byte> ResultsAndRest =>
        _resultLength == RestUnparsed ? Buffer.AsSpan(_resultStart, _length - _resultStart)
        : _resultStart < 0 ? default : Buffer.AsSpan(_resultStart, _resultLength);

    /// <summary>The raw JSON backtrace (<c>b</c>), or an empty span when absent.</summary>
    public ReadOnlySpan<byte> Backtrace
    {
        get
        {
            EnsureParsed();
            return _backtraceStart < 0 ? default : Buffer.AsSpan(_backtraceStart, _backtraceLength);
        }
    }

    /// <summary>The raw JSON profile (<c>p</c>), or an empty span when absent.</summary>
    public ReadOnlySpan<byte> Profile
    {
        get
        {
            EnsureParsed();
            return _profileStart < 0 ? default : Buffer.AsSpan(_profileStart, _profileLength);
        }
    }

    public bool IsFeed => Notes.Count > 0 && Notes.Any(n => n is ResponseNote.SequenceFeed or ResponseNote.AtomFeed
        or ResponseNote.OrderByLimitFeed or ResponseNote.UnionedFeed);

    public bool IsError => Type is ResponseType.ClientError or ResponseType.CompileError or ResponseType.RuntimeError;

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(Response));

    /// <summary>
    /// Parses the header fields of a body that was copied into <paramref name="buffer"/> (rented from
    /// <see cref="ArrayPool{T}.Shared"/>; ownership passes to the response).
    /// </summary>
    /// <exception cref="ReqlDriverError">The body is not a response object.</exception>
    public static Response Parse(long token, byte[] buffer, int length)
    {
        Response response;
        if (Pool.TryDequeue(out var pooled))
        {
            response = pooled;
            response.Token = token;
            response._buffer = buffer;
            response._length = length;
        }
        else
        {
            response = new Response(token, buffer, length);
        }
        try
        {
            response.ParseHeader(lazy: length > LazyParseThreshold);
        }
        catch (Exception ex) when (IsMalformed(ex))
        {
            response.Dispose();
            throw Invalid(token, ex);
        }
        return response;
    }

    /// <summary>Copies a body out of a (possibly multi-segment) pipe buffer into a pooled array and parses it.</summary>
    public static Response Parse(long token, in ReadOnlySequence<byte> body)
    {
        var length = checked((int)body.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        body.CopyTo(buffer);
        return Parse(token, buffer, length);
    }

    /// <summary>
    /// For a large body, checked only as it is read: rewrites the lone surrogates the server sends
    /// (<see cref="EncodedSurrogates"/>) once a read failed on invalid UTF-8; true when the body is then valid.
    /// </summary>
    public bool TryReplaceEncodedSurrogates() =>
        !System.Text.Unicode.Utf8.IsValid(Body) && EncodedSurrogates.TryReplace(Buffer.AsSpan(0, _length));

    private void EnsureParsed()
    {
        if (_resultLength != RestUnparsed)
        {
            return;
        }
        var resultsFrom = _resultStart;
        try
        {
            ParseHeader(lazy: false);
        }
        catch (Exception ex) when (IsMalformed(ex))
        {
            // Back to unparsed: every later access fails the same way instead of seeing half-parsed fields.
            _resultStart = resultsFrom;
            _resultLength = RestUnparsed;
            throw Invalid(Token, ex);
        }
    }

    /// <summary>What reading a body that is not a response object throws.</summary>
    private static bool IsMalformed(Exception ex) => ex is JsonException or InvalidOperationException or FormatException;

    private static ReqlDriverError Invalid(long token, Exception ex) => InvalidResponse.Create(ex.Message, ex, token);

    private void ParseHeader(bool lazy)
    {
        var reader = new Utf8JsonReader(Body, ResponseDepth.Structure);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("the body is not a JSON object");
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("t"u8))
            {
                reader.Read();
                Type = (ResponseType)reader.GetInt32();
            }
            else if (reader.ValueTextEquals("e"u8))
            {
                reader.Read();
                ErrorType = (ErrorType)reader.GetInt32();
            }
            else if (reader.ValueTextEquals("n"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    var notes = new List<ResponseNote>(1);
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        notes.Add((ResponseNote)reader.GetInt32());
                    }
                    _notes = notes;
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("r"u8))
            {
                if (lazy && Type is ResponseType.SuccessPartial or ResponseType.SuccessSequence or ResponseType.SuccessAtom)
                {
                    // The server writes "t" (and "e") before "r": what a receiver needs first is known already.
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        throw new JsonException("\"r\" is not an array");
                    }
                    _resultStart = (int)reader.TokenStartIndex;
                    _resultLength = RestUnparsed;
                    return;
                }
                (_resultStart, _resultLength) = SkipValue(ref reader);
            }
            else if (reader.ValueTextEquals("b"u8))
            {
                (_backtraceStart, _backtraceLength) = SkipValue(ref reader);
            }
            else if (reader.ValueTextEquals("p"u8))
            {
                (_profileStart, _profileLength) = SkipValue(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (Type == ResponseType.None)
        {
            throw new JsonException("the response has no \"t\" field");
        }
        CheckResults();
        if (!System.Text.Unicode.Utf8.IsValid(Body) && !EncodedSurrogates.TryReplace(Buffer.AsSpan(0, _length)))
        {
            // The server writes only valid UTF-8 besides lone surrogates (it refuses other invalid strings on input);
            // the reader does not check the text inside strings, and decoding it later would throw
            // InvalidOperationException at the caller.
            throw new JsonException("the body is not valid UTF-8");
        }
    }

    /// <summary>
    /// Checks what every reader of a response relies on, as the server always writes it (client_protocol/json.cc):
    /// "r" is an array; an atom, a server info and an error hold a value in it, an error's a message string.
    /// </summary>
    private void CheckResults()
    {
        if (_resultStart < 0)
        {
            throw new JsonException("the response has no \"r\" field");
        }
        var reader = new Utf8JsonReader(Body.Slice(_resultStart, _resultLength), ResponseDepth.Structure);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("\"r\" is not an array");
        }
        var hasFirst = reader.Read() && reader.TokenType != JsonTokenType.EndArray;
        if (IsError && (!hasFirst || reader.TokenType != JsonTokenType.String))
        {
            throw new JsonException("an error response without its message string in \"r\"");
        }
        if (!hasFirst && Type is ResponseType.SuccessAtom or ResponseType.ServerInfo)
        {
            throw new JsonException($"a {Type} response without a value in \"r\"");
        }
        if (_backtraceStart >= 0)
        {
            CheckBacktrace(Body.Slice(_backtraceStart, _backtraceLength));
        }
    }

    /// <summary>A backtrace is an array of argument indexes and optarg names (older servers: objects).</summary>
    private static void CheckBacktrace(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ResponseDepth.Structure);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("\"b\" is not an array");
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                // Decodable: a lone surrogate escape ("\ud800") is valid JSON no server writes, and decoding it throws.
                reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static (int Start, int Length) SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        var end = (int)reader.BytesConsumed;
        return (start, end - start);
    }

    /// <summary>The first result as a string (error messages are <c>r[0]</c>).</summary>
    public string? FirstResultAsString()
    {
        var reader = new Utf8JsonReader(Results, ResponseDepth.Structure);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray || !reader.Read())
        {
            return null;
        }
        try
        {
            return reader.TokenType == JsonTokenType.String ? reader.GetString() : JsonDocumentText(ref reader);
        }
        catch (InvalidOperationException ex)
        {
            throw InvalidResponse.Create("the first result is not valid UTF-8.", ex, Token);
        }
    }

    private static string JsonDocumentText(ref Utf8JsonReader reader)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        return doc.RootElement.GetRawText();
    }

    /// <summary>
    /// Disposes the response and makes the object reusable by a later <see cref="Parse(long, byte[], int)"/>. Only
    /// for an owner that knows nothing else holds the response any more (the driver's own reading of a small
    /// answer): a response reused while still referenced would show another query's answer.
    /// </summary>
    public void Recycle()
    {
        Dispose();
        _resultStart = -1;
        _resultLength = 0;
        _backtraceStart = -1;
        _backtraceLength = 0;
        _profileStart = -1;
        _profileLength = 0;
        _notes = [];
        Type = default;
        ErrorType = default;
        Token = 0;
        _length = 0;
        if (Pool.Count < MaxPooled)
        {
            Pool.Enqueue(this);
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
