using System.Buffers;
using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Protocol;

namespace RethinkDb.Testing;

/// <summary>One client connection of the test server: the handshake, then the query loop.</summary>
internal sealed class ServerConnection : IAsyncDisposable
{
    private readonly RethinkDbTestServer _server;
    private readonly Socket _socket;
    private readonly TestServerFault _fault;
    private readonly CancellationTokenSource _closed = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Dictionary<long, Cursor> _cursors = [];
    private readonly Lock _cursorLock = new();
    private readonly List<Task> _noreplyWork = [];
    private Stream _stream;
    private int _heldQueries;
    private string _user = "admin";

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
            lock (_cursorLock)
            {
                return _cursors.Count;
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
        var header = new byte[12];
        while (!_closed.IsCancellationRequested)
        {
            await _stream.ReadExactlyAsync(header, _closed.Token).ConfigureAwait(false);
            var token = BinaryPrimitives.ReadInt64LittleEndian(header);
            var length = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
            if (length is < 0 or >= 128 * 1024 * 1024)
            {
                await SendAsync(token, ResponseType.ClientError, ErrorType.None, [JsonValue.Create("Query size exceeds the maximum.")]).ConfigureAwait(false);
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
            await HandleQueryAsync(token, body).ConfigureAwait(false);
        }
    }

    private async Task HandleQueryAsync(long token, byte[] body)
    {
        JsonDocument query;
        try
        {
            query = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            await SendAsync(token, ResponseType.ClientError, ErrorType.None, [JsonValue.Create("Client is buggy (failed to deserialize query).")]).ConfigureAwait(false);
            return;
        }
        using (query)
        {
            var root = query.RootElement;
            var type = (QueryType)root[0].GetInt32();
            switch (type)
            {
                case QueryType.Start:
                    var optArgs = root.GetArrayLength() > 2 ? root[2] : default;
                    var noreply = optArgs.ValueKind == JsonValueKind.Object && optArgs.TryGetProperty("noreply", out var nr) &&
                                  nr.ValueKind == JsonValueKind.True;
                    var work = StartAsync(token, root[1].Clone(), optArgs.ValueKind == JsonValueKind.Undefined ? default : optArgs.Clone(), noreply);
                    if (noreply)
                    {
                        lock (_noreplyWork)
                        {
                            _noreplyWork.Add(work);
                        }
                    }
                    await work.ConfigureAwait(false);
                    break;
                case QueryType.Continue:
                    // A feed's CONTINUE may wait for changes: it must not hold up the read loop.
                    _ = ContinueAsync(token);
                    break;
                case QueryType.Stop:
                    Cursor? cursor;
                    lock (_cursorLock)
                    {
                        _cursors.Remove(token, out cursor);
                    }
                    _server.CountStop(token);
                    if (cursor is null)
                    {
                        await SendAsync(token, ResponseType.ClientError, ErrorType.None,
                            [JsonValue.Create($"Token {token} not in stream cache.")]).ConfigureAwait(false);
                    }
                    else
                    {
                        // A CONTINUE still waiting (a feed) is answered with an empty SUCCESS_SEQUENCE, as the real
                        // server answers an interrupted stream; then the STOP itself.
                        cursor.Stop();
                        await SendAsync(token, ResponseType.SuccessSequence, ErrorType.None, []).ConfigureAwait(false);
                    }
                    break;
                case QueryType.NoreplyWait:
                    Task[] pending;
                    lock (_noreplyWork)
                    {
                        pending = [.. _noreplyWork];
                        _noreplyWork.Clear();
                    }
                    await Task.WhenAll(pending).ConfigureAwait(false);
                    await SendAsync(token, ResponseType.WaitComplete, ErrorType.None, []).ConfigureAwait(false);
                    break;
                case QueryType.ServerInfo:
                    await SendAsync(token, ResponseType.ServerInfo, ErrorType.None,
                    [
                        new JsonObject { ["id"] = _server.ServerId.ToString(), ["name"] = _server.Options.ServerName, ["proxy"] = false },
                    ]).ConfigureAwait(false);
                    break;
                default:
                    await SendAsync(token, ResponseType.ClientError, ErrorType.None,
                        [JsonValue.Create($"Unrecognized QueryType: {(int)type}.")]).ConfigureAwait(false);
                    break;
            }
        }
    }

    private async Task StartAsync(long token, JsonElement term, JsonElement optArgs, bool noreply)
    {
        QueryResult result;
        try
        {
            result = _server.Evaluator.Evaluate(term, optArgs, _user);
        }
        catch (QueryFailure failure)
        {
            if (!noreply)
            {
                await SendAsync(token, failure.Type, failure.ErrorType, [JsonValue.Create(failure.Message)], backtrace: failure.Backtrace).ConfigureAwait(false);
            }
            return;
        }
        catch (Exception ex) when (ex is not (IOException or SocketException or OperationCanceledException or ObjectDisposedException))
        {
            // A bug of the test server answers as the real server answers its own: an INTERNAL runtime error, not a
            // dropped connection.
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
            return;
        }
        switch (result)
        {
            case AtomResult atom:
                await SendAsync(token, ResponseType.SuccessAtom, ErrorType.None, [atom.Value]).ConfigureAwait(false);
                break;
            case SequenceResult sequence:
                var cursor = new Cursor(sequence.Rows.GetEnumerator(), null);
                await SendBatchAsync(token, cursor).ConfigureAwait(false);
                break;
            case FeedResult feed:
                var feedCursor = new Cursor(feed.Initial.GetEnumerator(), feed);
                await SendBatchAsync(token, feedCursor, isFirst: true).ConfigureAwait(false);
                break;
        }
    }

    private async Task ContinueAsync(long token)
    {
        try
        {
            Cursor? cursor;
            lock (_cursorLock)
            {
                // The cursor stays registered while its batch is prepared, so a STOP can find and end it.
                _cursors.TryGetValue(token, out cursor);
            }
            if (cursor is null)
            {
                await SendAsync(token, ResponseType.ClientError, ErrorType.None, [JsonValue.Create($"Token {token} not in stream cache.")]).ConfigureAwait(false);
                return;
            }
            await SendBatchAsync(token, cursor).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection closed while the batch was being prepared.
        }
    }

    private async Task SendBatchAsync(long token, Cursor cursor, bool isFirst = false)
    {
        var batch = new List<JsonNode?>();
        lock (cursor)
        {
            while (!cursor.IsStopped && batch.Count < _server.Options.BatchSize && cursor.Rows.MoveNext())
            {
                batch.Add(cursor.Rows.Current?.DeepClone());
            }
        }
        if (cursor.Feed is { } feed)
        {
            if (batch.Count == 0 && !isFirst)
            {
                // The first batch of a feed is answered at once, even empty, as the real server does.
                // A feed never ends by itself: wait for at least one change, then take what else is ready.
                try
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token, cursor.Stopped);
                    batch.Add(await feed.Changes.ReadAsync(wait.Token).ConfigureAwait(false));
                }
                catch (Exception ex) when (ex is System.Threading.Channels.ChannelClosedException ||
                                           (ex is OperationCanceledException && cursor.IsStopped))
                {
                    // Stopped, or the table was dropped: the stream ends with an empty SUCCESS_SEQUENCE.
                    Forget(token, cursor);
                    await SendAsync(token, ResponseType.SuccessSequence, ErrorType.None, []).ConfigureAwait(false);
                    return;
                }
                while (batch.Count < _server.Options.BatchSize && feed.Changes.TryRead(out var more))
                {
                    batch.Add(more);
                }
            }
            if (!Remember(token, cursor))
            {
                await SendAsync(token, ResponseType.SuccessSequence, ErrorType.None, []).ConfigureAwait(false);
                return;
            }
            await SendAsync(token, ResponseType.SuccessPartial, ErrorType.None, batch, notes: feed.Notes).ConfigureAwait(false);
            return;
        }
        var more2 = batch.Count == _server.Options.BatchSize;
        if (more2 && Remember(token, cursor))
        {
            await SendAsync(token, ResponseType.SuccessPartial, ErrorType.None, batch).ConfigureAwait(false);
        }
        else
        {
            // A cursor stopped meanwhile ends with an empty batch, as an interrupted stream on the real server.
            var stopped = cursor.IsStopped;
            Forget(token, cursor);
            await SendAsync(token, ResponseType.SuccessSequence, ErrorType.None, stopped ? [] : batch).ConfigureAwait(false);
        }
    }

    /// <summary>Keeps an open cursor for its next CONTINUE; false when a STOP ended it meanwhile.</summary>
    private bool Remember(long token, Cursor cursor)
    {
        lock (_cursorLock)
        {
            if (cursor.IsStopped)
            {
                return false;
            }
            _cursors[token] = cursor;
            return true;
        }
    }

    private void Forget(long token, Cursor cursor)
    {
        lock (_cursorLock)
        {
            if (_cursors.TryGetValue(token, out var current) && ReferenceEquals(current, cursor))
            {
                _cursors.Remove(token);
            }
        }
        cursor.Dispose();
    }

    private async Task SendAsync(long token, ResponseType type, ErrorType errorType, IReadOnlyList<JsonNode?> results,
        ResponseNote[]? notes = null, IReadOnlyList<object>? backtrace = null)
    {
        var body = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteNumber("t", (int)type);
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
            if (type == ResponseType.RuntimeError)
            {
                writer.WriteNumber("e", (int)errorType);
            }
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
            if (notes is { Length: > 0 } && type is ResponseType.SuccessPartial or ResponseType.SuccessSequence)
            {
                writer.WriteStartArray("n");
                foreach (var note in notes)
                {
                    writer.WriteNumberValue((int)note);
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        var frame = BuildFrame(token, body.WrittenSpan);
        if (_fault == TestServerFault.SlowOutOfOrder)
        {
            var delay = Random.Shared.Next(0, (int)Math.Max(1, _server.Options.MaxResponseDelay.TotalMilliseconds));
            await Task.Delay(delay, _closed.Token).ConfigureAwait(false);
        }
        await WriteRawAsync(frame).ConfigureAwait(false);
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
        lock (_cursorLock)
        {
            foreach (var cursor in _cursors.Values)
            {
                cursor.Dispose();
            }
            _cursors.Clear();
        }
        await _stream.DisposeAsync().ConfigureAwait(false);
        _server.Forget(this);
    }

    private sealed class HandshakeFailure(int code, string message) : Exception(message)
    {
        public int Code { get; } = code;
    }

    private sealed class Cursor(IEnumerator<JsonNode?> rows, FeedResult? feed) : IDisposable
    {
        private readonly CancellationTokenSource _stopped = new();
        private int _disposed;

        public IEnumerator<JsonNode?> Rows { get; } = rows;

        public FeedResult? Feed { get; } = feed;

        public bool IsStopped => Volatile.Read(ref _disposed) != 0;

        /// <summary>Cancelled by STOP: wakes a CONTINUE waiting for changes.</summary>
        public CancellationToken Stopped => _stopped.Token;

        public void Stop()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }
            _stopped.Cancel();
            lock (this)
            {
                Rows.Dispose();
            }
            Feed?.Subscription.Dispose();
        }

        public void Dispose() => Stop();
    }
}
