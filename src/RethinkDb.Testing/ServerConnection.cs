using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing;

/// <summary>One client connection of the test server: the handshake, then the query loop.</summary>
internal sealed class ServerConnection : IAsyncDisposable
{
    private readonly RethinkDbTestServer _server;
    private readonly Socket _socket;
    private readonly TestServerFault _fault;
    private readonly CancellationTokenSource _closed = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Dictionary<long, QueryEntry> _queries = [];
    private readonly Lock _queriesLock = new();
    private readonly List<Task> _noreplyWork = [];
    private Stream _stream;
    private int _heldQueries;
    private int _unanswered;
    private string _user = "admin";

    /// <summary>
    /// Text as the real server writes it (rapidjson): UTF-8 as is, only quotes, backslashes and control characters
    /// escaped. The default encoder would escape every non-ASCII character and HTML-sensitive ones such as a
    /// backtick, and hide a client that decodes multi-byte UTF-8 wrongly.
    /// </summary>
    private static readonly JsonWriterOptions WireWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public ServerConnection(RethinkDbTestServer server, Socket socket, TestServerFault fault)
    {
        _server = server;
        _socket = socket;
        _fault = fault;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>Tokens of open cursors and feeds (for tests that check nothing leaks).</summary>
    public int OpenCursorCount
    {
        get
        {
            lock (_queriesLock)
            {
                return _queries.Values.Count(q => q.HasRows);
            }
        }
    }

    public async Task RunAsync()
    {
        try
        {
            if (_fault == TestServerFault.AcceptAndStall)
            {
                await Task.Delay(Timeout.Infinite, _closed.Token).ConfigureAwait(false);
                return;
            }
            if (_server.Options.Tls is { } tls)
            {
                var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = tls.ServerCertificate,
                }, _closed.Token).ConfigureAwait(false);
                _stream = ssl;
            }
            if (!await HandshakeAsync().ConfigureAwait(false))
            {
                return;
            }
            await QueryLoopAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException
                                       or System.Security.Authentication.AuthenticationException or EndOfStreamException)
        {
            // The client went away or the server is stopping: nothing to answer.
        }
        finally
        {
            await DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<bool> HandshakeAsync()
    {
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(await ReadExactlyAsync(4).ConfigureAwait(false));
        if (_fault == TestServerFault.CloseDuringHandshake)
        {
            return false;
        }
        if (magic == WireConstants.MagicV1_0)
        {
            return await HandshakeV1_0Async().ConfigureAwait(false);
        }
        if (magic == WireConstants.MagicV0_4 && _server.Options.AcceptLegacyHandshake)
        {
            return await HandshakeV0_4Async().ConfigureAwait(false);
        }
        await WriteRawAsync(Encoding.UTF8.GetBytes(
            "ERROR: Received an unsupported protocol version. This port is for RethinkDB queries. Does your client driver version not match the server?\n\0"))
            .ConfigureAwait(false);
        return false;
    }

    private async Task<bool> HandshakeV0_4Async()
    {
        var keyLength = BinaryPrimitives.ReadInt32LittleEndian(await ReadExactlyAsync(4).ConfigureAwait(false));
        if (keyLength is < 0 or > 2048)
        {
            await WriteRawAsync("ERROR: Client provided an authorization key that is too long.\n\0"u8.ToArray()).ConfigureAwait(false);
            return false;
        }
        var key = Encoding.UTF8.GetString(await ReadExactlyAsync(keyLength).ConfigureAwait(false));
        if (!string.Equals(key, _server.Options.AdminPassword, StringComparison.Ordinal))
        {
            await WriteRawAsync("ERROR: Incorrect authorization key.\n\0"u8.ToArray()).ConfigureAwait(false);
            return false;
        }
        var protocol = BinaryPrimitives.ReadUInt32LittleEndian(await ReadExactlyAsync(4).ConfigureAwait(false));
        if (protocol != WireConstants.ProtocolJson)
        {
            await WriteRawAsync(Encoding.UTF8.GetBytes($"ERROR: Unrecognized protocol specified: '{(int)protocol}'\n\0")).ConfigureAwait(false);
            return false;
        }
        await WriteRawAsync("SUCCESS\0"u8.ToArray()).ConfigureAwait(false);
        return true;
    }

    private async Task<bool> HandshakeV1_0Async()
    {
        await WriteJsonMessageAsync(new JsonObject
        {
            ["success"] = true,
            ["max_protocol_version"] = 0,
            ["min_protocol_version"] = 0,
            ["server_version"] = "2.4.4-test",
        }).ConfigureAwait(false);

        var scram = new ScramServer(_server.LookupPassword, _server.Options.ScramIterations);
        try
        {
            using (var first = JsonDocument.Parse(await ReadNulTerminatedAsync().ConfigureAwait(false)))
            {
                var root = first.RootElement;
                if (!root.TryGetProperty("protocol_version", out var version) || version.ValueKind != JsonValueKind.Number)
                {
                    throw new HandshakeFailure(1, "Expected a number for `protocol_version`.");
                }
                if (version.GetDouble() != 0)
                {
                    throw new HandshakeFailure(2, "Unsupported `protocol_version`.");
                }
                if (!root.TryGetProperty("authentication_method", out var method) || method.ValueKind != JsonValueKind.String)
                {
                    throw new HandshakeFailure(3, "Expected a string for `authentication_method`.");
                }
                if (method.GetString() != "SCRAM-SHA-256")
                {
                    throw new HandshakeFailure(4, "Unsupported `authentication_method`.");
                }
                var serverFirst = scram.HandleClientFirst(GetAuthentication(root));
                await WriteJsonMessageAsync(new JsonObject { ["success"] = true, ["authentication"] = serverFirst }).ConfigureAwait(false);
            }
            using (var final = JsonDocument.Parse(await ReadNulTerminatedAsync().ConfigureAwait(false)))
            {
                var serverFinal = scram.HandleClientFinal(GetAuthentication(final.RootElement),
                    forgeSignature: _fault == TestServerFault.WrongServerSignature);
                _user = scram.User ?? "admin";
                await WriteJsonMessageAsync(new JsonObject { ["success"] = true, ["authentication"] = serverFinal }).ConfigureAwait(false);
            }
            return true;
        }
        catch (ScramServer.AuthFailure failure)
        {
            await WriteErrorAsync(failure.Code, failure.Message).ConfigureAwait(false);
            return false;
        }
        catch (HandshakeFailure failure)
        {
            await WriteErrorAsync(failure.Code, failure.Message).ConfigureAwait(false);
            return false;
        }
        catch (JsonException)
        {
            await WriteErrorAsync(8, "Invalid JSON object.").ConfigureAwait(false);
            return false;
        }
    }

    private static string GetAuthentication(JsonElement root) =>
        root.TryGetProperty("authentication", out var auth) && auth.ValueKind == JsonValueKind.String
            ? auth.GetString()!
            : throw new HandshakeFailure(5, "Expected a string for `authentication`.");

    private Task WriteErrorAsync(int code, string message) =>
        WriteJsonMessageAsync(new JsonObject { ["success"] = false, ["error"] = message, ["error_code"] = code });

    private async Task QueryLoopAsync()
    {
        if (_fault == TestServerFault.StopReading)
        {
            await Task.Delay(Timeout.Infinite, _closed.Token).ConfigureAwait(false);
            return;
        }
        var header = new byte[12];
        while (!_closed.IsCancellationRequested)
        {
            await _stream.ReadExactlyAsync(header, _closed.Token).ConfigureAwait(false);
            var token = BinaryPrimitives.ReadInt64LittleEndian(header);
            var length = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
            if (length is < 0 or >= 128 * 1024 * 1024)
            {
                // wire_protocol_t::too_large_query_message; the real server then closes the connection too.
                Received(token);
                await SendAsync(token, ResponseType.ClientError, ErrorType.None,
                    [JsonValue.Create($"Query size ({(uint)length}) greater than maximum ({(128 * 1024 * 1024) - 1}).")]).ConfigureAwait(false);
                return;
            }
            var body = await ReadExactlyAsync(length).ConfigureAwait(false);
            _server.CountQuery();
            switch (_fault)
            {
                case TestServerFault.StallQueries:
                    continue;
                case TestServerFault.Garbage:
                    await WriteRawAsync(BuildFrame(token, "this is not json at all \u0001\u0002"u8)).ConfigureAwait(false);
                    continue;
                case TestServerFault.HugeLengthPrefix:
                    var huge = new byte[12];
                    BinaryPrimitives.WriteInt64LittleEndian(huge, token);
                    BinaryPrimitives.WriteInt32LittleEndian(huge.AsSpan(8), int.MaxValue - 1);
                    await WriteRawAsync(huge).ConfigureAwait(false);
                    continue;
                case TestServerFault.ResetAfterQueries:
                    if (++_heldQueries >= _server.Options.ResetAfterQueries)
                    {
                        // Linger 0 turns Close into a TCP RST: the client sees a reset, not an orderly close.
                        _socket.LingerState = new LingerOption(true, 0);
                        _socket.Close();
                        return;
                    }
                    continue;
            }
            await DispatchAsync(token, body).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Hands a query to a task of its own, as the real server spawns a coroutine per query (<c>connection_loop</c>):
    /// a slow query never holds up the ones behind it, and answers go out in the order they are ready, not the order
    /// the queries came. What must keep the order of arrival is settled here, before the next frame is read: the
    /// token's entry (so a STOP or CONTINUE finds a START still running), the queue of one token's steps, and the
    /// noreply queries a NOREPLY_WAIT waits for.
    /// </summary>
    private async Task DispatchAsync(long token, byte[] body)
    {
        QueryFrame query;
        try
        {
            query = QueryFrame.Parse(body);
        }
        catch (QueryFailure failure)
        {
            // The real server answers a malformed query from its read loop, before reading on.
            Received(token);
            await SendFailureAsync(token, failure).ConfigureAwait(false);
            return;
        }
        var noreply = query.Type == QueryType.Start && query.NoReply;
        if (!noreply)
        {
            Received(token);
        }
        switch (query.Type)
        {
            case QueryType.Start:
                var entry = new QueryEntry();
                bool duplicate;
                lock (_queriesLock)
                {
                    duplicate = !_queries.TryAdd(token, entry);
                }
                if (duplicate)
                {
                    if (!noreply)
                    {
                        Spawn(() => SendAsync(token, ResponseType.ClientError, ErrorType.None,
                            [JsonValue.Create($"ERROR: duplicate token {token}")]));
                    }
                    break;
                }
                var work = Enqueue(entry, () => StartAsync(token, entry, query));
                if (noreply)
                {
                    lock (_noreplyWork)
                    {
                        _noreplyWork.RemoveAll(t => t.IsCompleted);
                        _noreplyWork.Add(work);
                    }
                }
                break;
            case QueryType.Continue:
                if (Find(token) is { } continued)
                {
                    _ = Enqueue(continued, () => ContinueAsync(token, continued));
                }
                else
                {
                    Spawn(() => SendNotInCacheAsync(token));
                }
                break;
            case QueryType.Stop:
                _server.CountStop(token);
                if (Find(token) is { } stopped)
                {
                    // At once, not in turn: a CONTINUE waiting for changes, or a START still running, is interrupted
                    // (and answers an empty SUCCESS_SEQUENCE); the STOP's own answer comes after theirs.
                    stopped.Stop();
                    _ = Enqueue(stopped, () => StopAsync(token, stopped));
                }
                else
                {
                    Spawn(() => SendNotInCacheAsync(token));
                }
                break;
            case QueryType.NoreplyWait:
                // Only the noreply queries that came before it, as query_cache_t::noreply_wait.
                Task[] pending;
                lock (_noreplyWork)
                {
                    pending = [.. _noreplyWork];
                }
                Spawn(async () =>
                {
                    await Task.WhenAll(pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    await SendAsync(token, ResponseType.WaitComplete, ErrorType.None, []).ConfigureAwait(false);
                });
                break;
            case QueryType.ServerInfo:
                Spawn(() => SendAsync(token, ResponseType.ServerInfo, ErrorType.None,
                [
                    new JsonObject { ["id"] = _server.ServerId.ToString(), ["name"] = _server.Options.ServerName, ["proxy"] = false },
                ]));
                break;
        }
    }

    /// <summary>A query that will be answered arrived: counts it as held until its answer is written.</summary>
    private void Received(long token)
    {
        _server.NoteReceived(token, Interlocked.Increment(ref _unanswered));
    }

    private QueryEntry? Find(long token)
    {
        lock (_queriesLock)
        {
            return _queries.GetValueOrDefault(token);
        }
    }

    /// <summary>
    /// Runs a step of a token after the steps queued before it, as the real server's per-query mutex makes a CONTINUE
    /// wait for the START before it and a STOP for the CONTINUE. Only the read loop calls this, so
    /// <see cref="QueryEntry.Tail"/> needs no lock.
    /// </summary>
    private Task Enqueue(QueryEntry entry, Func<Task> step)
    {
        var previous = entry.Tail;
        var next = Task.Run(async () =>
        {
            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await RunStepAsync(step).ConfigureAwait(false);
        });
        entry.Tail = next;
        return next;
    }

    /// <summary>Runs a step that waits for no other (an answer for a token with no entry, SERVER_INFO...).</summary>
    private void Spawn(Func<Task> step) => _ = Task.Run(() => RunStepAsync(step));

    private async Task RunStepAsync(Func<Task> step)
    {
        try
        {
            if (_fault == TestServerFault.SlowOutOfOrder)
            {
                // The query takes a while to run: the queries behind it overtake it.
                var delay = Random.Shared.Next(0, (int)Math.Max(1, _server.Options.MaxResponseDelay.TotalMilliseconds));
                await Task.Delay(delay, _closed.Token).ConfigureAwait(false);
            }
            await step().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection closed while the query ran: there is nobody to answer.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug of the test server in a step no caller awaits: reset the connection so the test fails at once
            // (the driver sees the reset) instead of waiting for an answer that will never come.
            Reset();
        }
    }

    private async Task StartAsync(long token, QueryEntry entry, QueryFrame query)
    {
        var noreply = query.NoReply;
        if (entry.IsStopped)
        {
            // A STOP came while the query was still running: an interrupted query answers an empty
            // SUCCESS_SEQUENCE (query_cache_t::ref_t::fill_response, interrupt_reason_t::STOP).
            Forget(token, entry);
            if (!noreply)
            {
                await SendAsync(token, ResponseType.SuccessSequence, ErrorType.None, []).ConfigureAwait(false);
            }
            return;
        }
        QueryResult result;
        try
        {
            if (query.Term.ValueKind == JsonValueKind.Undefined)
            {
                // `[1]` passes the parser's checks and trips a sanity check when the term is compiled: the real
                // server answers COMPILE_ERROR with that message (and a native stack trace, left out here).
                throw QueryFailure.Compile(
                    "SANITY CHECK FAILED: [query_json.Size() >= 2] at `src/rdb_protocol/term_storage.cc:291` (server is buggy).");
            }
            result = _server.Evaluator.Evaluate(query.Term, query.GlobalOptArgs, _user);
        }
        catch (QueryFailure failure)
        {
            Forget(token, entry);
            if (!noreply)
            {
                await SendFailureAsync(token, failure).ConfigureAwait(false);
            }
            return;
        }
        catch (Exception ex) when (ex is not (IOException or SocketException or OperationCanceledException or ObjectDisposedException))
        {
            // A bug of the test server answers as the real server answers its own: an INTERNAL runtime error, not a
            // dropped connection.
            Forget(token, entry);
            if (!noreply)
            {
                await SendAsync(token, ResponseType.RuntimeError, ErrorType.Internal,
                    [JsonValue.Create($"Unexpected exception: {ex.Message}")], backtrace: []).ConfigureAwait(false);
            }
            return;
        }
        if (noreply)
        {
            (result as FeedResult)?.Subscription.Dispose();
            Forget(token, entry);
            return;
        }
        switch (result)
        {
            case AtomResult atom:
                Forget(token, entry);
                await SendAsync(token, ResponseType.SuccessAtom, ErrorType.None, [atom.Value]).ConfigureAwait(false);
                break;
            case SequenceResult sequence:
                entry.Attach(sequence.Rows.GetEnumerator(), null);
                await SendBatchAsync(token, entry).ConfigureAwait(false);
                break;
            case FeedResult feed:
                entry.Attach(feed.Initial.GetEnumerator(), feed);
                await SendBatchAsync(token, entry, isFirst: true).ConfigureAwait(false);
                break;
        }
    }

    private async Task ContinueAsync(long token, QueryEntry entry)
    {
        if (!IsCurrent(token, entry))
        {
            // The query ended (an atom, an error, its last batch) before this CONTINUE's turn.
            await SendNotInCacheAsync(token).ConfigureAwait(false);
            return;
        }
        await SendBatchAsync(token, entry).ConfigureAwait(false);
    }

    private async Task StopAsync(long token, QueryEntry entry)
    {
        Forget(token, entry);
        await SendAsync(token, ResponseType.SuccessSequence, ErrorType.None, []).ConfigureAwait(false);
    }

    private Task SendNotInCacheAsync(long token) =>
        SendAsync(token, ResponseType.ClientError, ErrorType.None, [JsonValue.Create($"Token {token} not in stream cache.")]);

    private Task SendFailureAsync(long token, QueryFailure failure) =>
        SendAsync(token, failure.Type, failure.ErrorType, [JsonValue.Create(failure.Message)], backtrace: failure.Backtrace);

    private async Task SendBatchAsync(long token, QueryEntry entry, bool isFirst = false)
    {
        var batch = entry.NextBatch(_server.Options.BatchSize);
        if (entry.Feed is { } feed)
        {
            if (batch.Count == 0 && !isFirst)
            {
                // The first batch of a feed is answered at once, even empty, as the real server does.
                // A feed never ends by itself: wait for at least one change, then take what else is ready.
                // Once its table is gone, the error comes first, queued changes or not (subscription_t::get_els).
                if (!feed.Subscription.IsAborted)
                {
                    try
                    {
                        using var wait = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token, entry.Stopped);
                        batch.Add(await feed.Changes.ReadAsync(wait.Token).ConfigureAwait(false));
                    }
                    catch (Exception ex) when (ex is System.Threading.Channels.ChannelClosedException ||
                                               (ex is OperationCanceledException && entry.IsStopped))
                    {
                        // Stopped (the STOP closed the channel), or the table was dropped: handled below.
                    }
                }
                if (!entry.IsStopped && feed.Subscription.IsAborted)
                {
                    // feed_t::stop_subs when the table goes away.
                    Forget(token, entry);
                    await SendAsync(token, ResponseType.RuntimeError, ErrorType.OpFailed,
                        [JsonValue.Create("Changefeed aborted (unavailable).")], backtrace: []).ConfigureAwait(false);
                    return;
                }
                while (batch.Count < _server.Options.BatchSize && feed.Changes.TryRead(out var more))
                {
                    batch.Add(more);
                }
            }
            if (entry.IsStopped)
            {
                // An interrupted stream ends with an empty SUCCESS_SEQUENCE, as on the real server.
                Forget(token, entry);
                await SendAsync(token, ResponseType.SuccessSequence, ErrorType.None, []).ConfigureAwait(false);
                return;
            }
            await SendAsync(token, ResponseType.SuccessPartial, ErrorType.None, batch, notes: feed.Notes).ConfigureAwait(false);
            return;
        }
        if (batch.Count == _server.Options.BatchSize && !entry.IsStopped)
        {
            await SendAsync(token, ResponseType.SuccessPartial, ErrorType.None, batch).ConfigureAwait(false);
        }
        else
        {
            // A cursor stopped meanwhile ends with an empty batch, as an interrupted stream on the real server.
            var stopped = entry.IsStopped;
            Forget(token, entry);
            await SendAsync(token, ResponseType.SuccessSequence, ErrorType.None, stopped ? [] : batch).ConfigureAwait(false);
        }
    }

    /// <summary>Whether the entry is still the token's (no STOP, error or last batch ended it).</summary>
    private bool IsCurrent(long token, QueryEntry entry)
    {
        lock (_queriesLock)
        {
            return _queries.TryGetValue(token, out var current) && ReferenceEquals(current, entry);
        }
    }

    /// <summary>
    /// Ends a query: its token is free again. Called before the last answer is written, so a client that reuses the
    /// token once it has that answer never meets the old entry.
    /// </summary>
    private void Forget(long token, QueryEntry entry)
    {
        lock (_queriesLock)
        {
            if (_queries.TryGetValue(token, out var current) && ReferenceEquals(current, entry))
            {
                _queries.Remove(token);
            }
        }
        entry.Stop();
    }

    private async Task SendAsync(long token, ResponseType type, ErrorType errorType, IReadOnlyList<JsonNode?> results,
        ResponseNote[]? notes = null, IReadOnlyList<object>? backtrace = null)
    {
        // Every error response carries a backtrace, empty when there is none to give (response_t::fill_error).
        backtrace ??= type is ResponseType.ClientError or ResponseType.CompileError or ResponseType.RuntimeError ? [] : null;
        var body = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(body, WireWriterOptions))
        {
            // The fields in the real server's order (write_response_internal): t, e, r, b, n.
            writer.WriteStartObject();
            writer.WriteNumber("t", (int)type);
            if (type == ResponseType.RuntimeError)
            {
                writer.WriteNumber("e", (int)errorType);
            }
            writer.WritePropertyName("r");
            writer.WriteStartArray();
            foreach (var result in results)
            {
                if (result is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    result.WriteTo(writer);
                }
            }
            writer.WriteEndArray();
            if (backtrace is not null)
            {
                writer.WriteStartArray("b");
                foreach (var step in backtrace)
                {
                    if (step is int index)
                    {
                        writer.WriteNumberValue(index);
                    }
                    else
                    {
                        writer.WriteStringValue(step.ToString());
                    }
                }
                writer.WriteEndArray();
            }
            if (type is ResponseType.SuccessPartial or ResponseType.SuccessSequence)
            {
                // Always there for a stream's answers, empty when there is nothing to note (write_response_internal).
                writer.WriteStartArray("n");
                foreach (var note in notes ?? [])
                {
                    writer.WriteNumberValue((int)note);
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        var frame = BuildFrame(token, WriteSupplementaryCharactersAsIs(body.WrittenSpan));
        await _writeLock.WaitAsync(_closed.Token).ConfigureAwait(false);
        try
        {
            // Counted as answered before the bytes go out: a client that sends its next query once it has this
            // answer can never find the server holding one more than the client has in flight.
            Interlocked.Decrement(ref _unanswered);
            _server.NoteAnswered(token);
            await _stream.WriteAsync(frame, _closed.Token).ConfigureAwait(false);
            await _stream.FlushAsync(_closed.Token).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Utf8JsonWriter escapes a character beyond the Basic Multilingual Plane (an emoji) as a surrogate pair,
    /// <c>\uD83D\uDE00</c>, whatever its encoder; rapidjson writes its four UTF-8 bytes. Rewrites those escapes, so a
    /// client's decoding of 4-byte UTF-8 is exercised as against the real server.
    /// </summary>
    private static ReadOnlySpan<byte> WriteSupplementaryCharactersAsIs(ReadOnlySpan<byte> json)
    {
        if (json.IndexOf("\\uD"u8) < 0)
        {
            return json;
        }
        var output = new ArrayBufferWriter<byte>(json.Length);
        var i = 0;
        while (i < json.Length)
        {
            var backslash = json[i..].IndexOf((byte)'\\');
            if (backslash < 0)
            {
                output.Write(json[i..]);
                break;
            }
            output.Write(json.Slice(i, backslash));
            i += backslash;
            if (i + 12 <= json.Length && json[i + 1] == 'u' && json[i + 6] == '\\' && json[i + 7] == 'u' &&
                Utf8Parser.TryParse(json.Slice(i + 2, 4), out ushort high, out _, 'X') && char.IsHighSurrogate((char)high) &&
                Utf8Parser.TryParse(json.Slice(i + 8, 4), out ushort low, out _, 'X') && char.IsLowSurrogate((char)low))
            {
                output.Advance(new Rune((char)high, (char)low).EncodeToUtf8(output.GetSpan(4)));
                i += 12;
            }
            else
            {
                // Any other escape stays: the backslash and the character it escapes (so `\\uD83D` is never read as
                // an escape).
                output.Write(json.Slice(i, 2));
                i += 2;
            }
        }
        return output.WrittenSpan;
    }

    private static byte[] BuildFrame(long token, ReadOnlySpan<byte> body)
    {
        var frame = new byte[12 + body.Length];
        BinaryPrimitives.WriteInt64LittleEndian(frame, token);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(8), body.Length);
        body.CopyTo(frame.AsSpan(12));
        return frame;
    }

    private async Task WriteJsonMessageAsync(JsonObject message)
    {
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString() + "\0");
        await WriteRawAsync(bytes).ConfigureAwait(false);
    }

    private async Task WriteRawAsync(byte[] bytes)
    {
        await _writeLock.WaitAsync(_closed.Token).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(bytes, _closed.Token).ConfigureAwait(false);
            await _stream.FlushAsync(_closed.Token).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count)
    {
        var buffer = new byte[count];
        await _stream.ReadExactlyAsync(buffer, _closed.Token).ConfigureAwait(false);
        return buffer;
    }

    private async Task<byte[]> ReadNulTerminatedAsync()
    {
        var message = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            await _stream.ReadExactlyAsync(one, _closed.Token).ConfigureAwait(false);
            if (one[0] == 0)
            {
                return [.. message];
            }
            if (message.Count >= 2047)
            {
                throw new HandshakeFailure(7, "Limited read buffer size.");
            }
            message.Add(one[0]);
        }
    }

    /// <summary>Resets the connection (TCP RST) at once.</summary>
    public void Reset()
    {
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
        _closed.Cancel();
        _socket.Close();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_closed.IsCancellationRequested)
        {
            await _closed.CancelAsync().ConfigureAwait(false);
        }
        lock (_queriesLock)
        {
            foreach (var query in _queries.Values)
            {
                query.Stop();
            }
            _queries.Clear();
        }
        await _stream.DisposeAsync().ConfigureAwait(false);
        _server.Forget(this);
    }

    private sealed class HandshakeFailure(int code, string message) : Exception(message)
    {
        public int Code { get; } = code;
    }

    /// <summary>
    /// One query from its START to its last answer: the steps queued for its token, its rows (and feed) once it has
    /// them, and whether a STOP ended it.
    /// </summary>
    private sealed class QueryEntry : IDisposable
    {
        private readonly CancellationTokenSource _stopped = new();
        private readonly Lock _sync = new();
        private IEnumerator<JsonNode?>? _rows;
        private int _isStopped;

        /// <summary>The last step queued for the token; the next one runs after it.</summary>
        public Task Tail { get; set; } = Task.CompletedTask;

        public FeedResult? Feed { get; private set; }

        /// <summary>Whether the query is a stream still open (a cursor or feed the server holds).</summary>
        public bool HasRows
        {
            get
            {
                lock (_sync)
                {
                    return _rows is not null && !IsStopped;
                }
            }
        }

        public bool IsStopped => Volatile.Read(ref _isStopped) != 0;

        /// <summary>Cancelled by STOP: wakes a CONTINUE waiting for changes.</summary>
        public CancellationToken Stopped => _stopped.Token;

        /// <summary>Gives the query its rows; a query stopped meanwhile releases them at once.</summary>
        public void Attach(IEnumerator<JsonNode?> rows, FeedResult? feed)
        {
            lock (_sync)
            {
                if (!IsStopped)
                {
                    _rows = rows;
                    Feed = feed;
                    return;
                }
            }
            rows.Dispose();
            feed?.Subscription.Dispose();
        }

        /// <summary>Up to <paramref name="size"/> rows (copies), fewer when the rows run out or a STOP comes.</summary>
        public List<JsonNode?> NextBatch(int size)
        {
            var batch = new List<JsonNode?>();
            lock (_sync)
            {
                while (!IsStopped && _rows is not null && batch.Count < size && _rows.MoveNext())
                {
                    batch.Add(_rows.Current?.DeepClone());
                }
            }
            return batch;
        }

        public void Stop()
        {
            if (Interlocked.Exchange(ref _isStopped, 1) != 0)
            {
                return;
            }
            _stopped.Cancel();
            FeedResult? feed;
            lock (_sync)
            {
                // Under the lock: never while NextBatch is moving through the rows.
                _rows?.Dispose();
                feed = Feed;
            }
            feed?.Subscription.Dispose();
        }

        /// <summary>
        /// Stops the query. The cancellation source is left to the collector: a CONTINUE finishing on another thread
        /// may still link its token, and a cancelled source holds nothing else.
        /// </summary>
        public void Dispose() => Stop();
    }
}
