using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb.Net;

/// <summary>
/// Runs the V1_0 (SCRAM-SHA-256) or V0_4 (auth key) handshake over an open stream.
/// Reads go through the connection's <see cref="PipeReader"/> so no byte after the handshake is lost.
/// </summary>
internal static class Handshake
{
    public static Task RunAsync(Stream stream, PipeReader reader, ConnectionOptions options, CancellationToken ct) =>
        options.HandshakeVersion == HandshakeVersion.V0_4
            ? RunV0_4Async(stream, reader, options, ct)
            : RunV1_0Async(stream, reader, options, ct);

    /// <summary>
    /// V0_4 sends the auth key in the clear: refuse that over a connection that is neither TLS nor loopback, unless
    /// the caller opted in. An empty key reveals nothing and is always allowed.
    /// </summary>
    public static void EnsureKeyMayBeSent(ConnectionOptions options, bool isTls, System.Net.IPAddress remote)
    {
        if (options.HandshakeVersion == HandshakeVersion.V0_4 && !isTls && !System.Net.IPAddress.IsLoopback(remote) &&
            options.EffectivePassword.Length > 0 && !options.AllowPlaintextAuthKey)
        {
            throw new ReqlDriverError(
                "The V0_4 handshake would send the auth key in the clear over a connection that is neither TLS nor loopback; " +
                "use TLS (Ssl), the V1_0 handshake, or set AllowPlaintextAuthKey.");
        }
    }

    private static async Task RunV1_0Async(Stream stream, PipeReader reader, ConnectionOptions options, CancellationToken ct)
    {
        var scram = new Scram(options.User, options.EffectivePassword);

        // Magic number and the first SCRAM message go out together, before the server's greeting is read, so the
        // handshake costs two round trips instead of three (the server allows it: it reads them in sequence).
        var first = new ArrayBufferWriter<byte>(256);
        BinaryPrimitives.WriteUInt32LittleEndian(first.GetSpan(4), WireConstants.MagicV1_0);
        first.Advance(4);
        using (var json = new Utf8JsonWriter(first))
        {
            json.WriteStartObject();
            json.WriteNumber("protocol_version", 0);
            json.WriteString("authentication_method", "SCRAM-SHA-256");
            json.WriteString("authentication", scram.ClientFirstMessage);
            json.WriteEndObject();
        }
        first.GetSpan(1)[0] = 0;
        first.Advance(1);
        await stream.WriteAsync(first.WrittenMemory, ct).ConfigureAwait(false);
        await stream.FlushAsync(ct).ConfigureAwait(false);

        // 1. The server's greeting: versions it speaks.
        using (var greeting = await ReadJsonMessageAsync(reader, ct).ConfigureAwait(false))
        {
            ThrowIfFailed(greeting.RootElement);
            var root = greeting.RootElement;
            if (root.TryGetProperty("max_protocol_version", out var max) && max.ValueKind == JsonValueKind.Number &&
                max.GetDouble() < 0)
            {
                throw new ReqlDriverError("The server does not support protocol version 0 of the V1_0 handshake.");
            }
        }

        // 2. server-first → client-final.
        string serverFirst;
        using (var reply = await ReadJsonMessageAsync(reader, ct).ConfigureAwait(false))
        {
            serverFirst = GetAuthentication(reply.RootElement);
        }
        // The token carries the connection's Timeout: salting the password stops with it (Scram.MaxIterations bounds it).
        var clientFinal = scram.CreateClientFinal(serverFirst, ct);
        var final = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(final))
        {
            json.WriteStartObject();
            json.WriteString("authentication", clientFinal);
            json.WriteEndObject();
        }
        final.GetSpan(1)[0] = 0;
        final.Advance(1);
        await stream.WriteAsync(final.WrittenMemory, ct).ConfigureAwait(false);
        await stream.FlushAsync(ct).ConfigureAwait(false);

        // 3. server-final: the server proves it knows the password too.
        using var last = await ReadJsonMessageAsync(reader, ct).ConfigureAwait(false);
        scram.VerifyServerFinal(GetAuthentication(last.RootElement));
    }

    private static async Task RunV0_4Async(Stream stream, PipeReader reader, ConnectionOptions options, CancellationToken ct)
    {
        var key = Encoding.UTF8.GetBytes(options.EffectivePassword);
        if (key.Length > WireConstants.MaxHandshakeMessage)
        {
            throw new ReqlDriverError($"The auth key is longer than the server accepts ({WireConstants.MaxHandshakeMessage} bytes).");
        }
        var message = new byte[12 + key.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(message, WireConstants.MagicV0_4);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(4), key.Length);
        key.CopyTo(message, 8);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8 + key.Length), WireConstants.ProtocolJson);
        await stream.WriteAsync(message, ct).ConfigureAwait(false);
        await stream.FlushAsync(ct).ConfigureAwait(false);

        var reply = await ReadNulTerminatedAsync(reader, ct).ConfigureAwait(false);
        var text = Encoding.UTF8.GetString(reply).TrimEnd('\n');
        if (text == "SUCCESS")
        {
            return;
        }
        var error = text.StartsWith("ERROR: ", StringComparison.Ordinal) ? text["ERROR: ".Length..].TrimEnd() : text;
        if (error.Contains("authorization key", StringComparison.OrdinalIgnoreCase))
        {
            throw new ReqlAuthError($"Authentication failed: {error}");
        }
        throw new ReqlDriverError($"The server refused the V0_4 handshake: {error}");
    }

    private static string GetAuthentication(JsonElement root)
    {
        ThrowIfFailed(root);
        if (!root.TryGetProperty("authentication", out var auth) || auth.ValueKind != JsonValueKind.String)
        {
            throw new ReqlDriverError("Invalid handshake message from the server: no \"authentication\" string.");
        }
        return auth.GetString()!;
    }

    private static void ThrowIfFailed(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ReqlDriverError("Invalid handshake message from the server: not a JSON object.");
        }
        if (root.TryGetProperty("success", out var success) && success.ValueKind == JsonValueKind.True)
        {
            return;
        }
        var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String
            ? e.GetString()
            : "no error message";
        int? code = root.TryGetProperty("error_code", out var c) && c.ValueKind == JsonValueKind.Number &&
                    c.TryGetDouble(out var d)
            ? (int)d
            : null;
        // server.cc: authentication_error_t carries codes 10 to 20 (wrong password, unknown user, ...).
        if (code is >= 10 and <= 20)
        {
            throw new ReqlAuthError($"Authentication failed: {error} (error_code {code})") { ServerErrorCode = code };
        }
        throw new ReqlDriverError(code is null
            ? $"The server refused the handshake: {error}"
            : $"The server refused the handshake: {error} (error_code {code})");
    }

    private static async Task<JsonDocument> ReadJsonMessageAsync(PipeReader reader, CancellationToken ct)
    {
        var bytes = await ReadNulTerminatedAsync(reader, ct).ConfigureAwait(false);
        // A server that predates V1_0 answers the magic number with a plain "ERROR: ..." string.
        if (bytes.Length > 0 && bytes[0] != (byte)'{')
        {
            var text = Encoding.UTF8.GetString(bytes).Trim();
            throw new ReqlDriverError(text.StartsWith("ERROR: ", StringComparison.Ordinal)
                ? $"The server refused the handshake: {text["ERROR: ".Length..]}"
                : "Invalid handshake message from the server: expected a JSON object.");
        }
        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw new ReqlDriverError("Invalid handshake message from the server: not valid JSON.", ex);
        }
    }

    /// <summary>Reads one NUL-terminated message of at most 2048 bytes and consumes exactly it.</summary>
    private static async Task<byte[]> ReadNulTerminatedAsync(PipeReader reader, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            var nul = buffer.PositionOf((byte)0);
            if (nul is { } position)
            {
                var message = buffer.Slice(0, position).ToArray();
                reader.AdvanceTo(buffer.GetPosition(1, position));
                return message;
            }
            if (buffer.Length > WireConstants.MaxHandshakeMessage)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                throw new ReqlDriverError("Invalid handshake message from the server: longer than 2048 bytes without a terminator.");
            }
            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                throw new ReqlDriverError("The server closed the connection during the handshake.");
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
