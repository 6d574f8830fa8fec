using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing;

/// <summary>
/// The handshake, as <c>src/client_protocol/server.cc</c> of RethinkDB 2.4.4 runs it: the magic number, then V1_0
/// (JSON messages, SCRAM-SHA-256) or V0_4 (an auth key in the clear), each refusal worded as the real server words it.
/// </summary>
internal sealed partial class ServerConnection
{
    private async Task<bool> HandshakeAsync()
    {
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(await ReadExactlyAsync(4).ConfigureAwait(false));
        if (_fault.CloseAfterMagic)
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
                    forgeSignature: _fault.ForgeServerSignature);
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

    private async Task WriteJsonMessageAsync(JsonObject message)
    {
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString() + "\0");
        await WriteRawAsync(bytes).ConfigureAwait(false);
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
            if (message.Count >= WireConstants.MaxHandshakeMessage - 1)
            {
                throw new HandshakeFailure(7, "Limited read buffer size.");
            }
            message.Add(one[0]);
        }
    }

    private sealed class HandshakeFailure(int code, string message) : Exception(message)
    {
        public int Code { get; } = code;
    }
}
