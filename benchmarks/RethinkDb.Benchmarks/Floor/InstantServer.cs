using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RethinkDb.Benchmarks.Floor;

/// <summary>
/// A stand-in for a server that is never the bottleneck: it answers every query frame with <c>1</c> (a SUCCESS_ATOM)
/// as soon as it is read, all the answers to one receive in one send. Run in a process of its own
/// (<c>instant-server --port N</c>), so the client's CPU figures are the client's alone, then point RETHINKDB_HOST and
/// RETHINKDB_PORT at it: the handler, pipelined and sequential scenarios (all <c>r.expr(1)</c>) then measure the
/// driver's dispatch where a slow server (a debug build, two shared cores) would hide it behind its own cost.
/// </summary>
/// <remarks>
/// Handshakes: V1_0 with SCRAM-SHA-256 for any user (the client's proof is not checked, the server's signature is
/// computed from <c>--password</c> so the client accepts it), and V0_4. A thread per connection with blocking calls.
/// Nothing here is a RethinkDB server: any other query gets the same answer.
/// </remarks>
internal static class InstantServer
{
    private const uint MagicV1_0 = 0x34c2bdc3;
    private const uint MagicV0_4 = 0x400c2d20;
    private const int Iterations = 4096;
    private static readonly byte[] Answer = "{\"t\":1,\"r\":[1]}"u8.ToArray();

    public static int Run(IReadOnlyList<string> args)
    {
        var port = 28999;
        var password = "";
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            switch (args[i])
            {
                case "--port": port = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--password": password = args[i + 1]; break;
                default: Console.Error.WriteLine($"Unknown option {args[i]}"); return 1;
            }
        }
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        Console.WriteLine($"instant server on 127.0.0.1:{port}: every query is answered with 1 (Ctrl+C to stop)");
        while (true)
        {
            var socket = listener.AcceptSocket();
            socket.NoDelay = true;
            new Thread(() => Serve(socket, password)) { IsBackground = true, Name = "instant server" }.Start();
        }
    }

    private static void Serve(Socket socket, string password)
    {
        try
        {
            using var stream = new NetworkStream(socket, ownsSocket: true);
            var magic = BinaryPrimitives.ReadUInt32LittleEndian(ReadExactly(stream, 4));
            if (magic == MagicV0_4)
            {
                var keyLength = BinaryPrimitives.ReadInt32LittleEndian(ReadExactly(stream, 4));
                ReadExactly(stream, keyLength + 4); // the key (not checked), the protocol
                stream.Write("SUCCESS\0"u8);
            }
            else if (magic != MagicV1_0 || !Scram(stream, password))
            {
                return;
            }
            AnswerQueries(socket);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or JsonException or FormatException)
        {
            // The client went away or sent something else: this connection ends.
        }
    }

    private static bool Scram(Stream stream, string password)
    {
        Send(stream, """{"success":true,"max_protocol_version":0,"min_protocol_version":0,"server_version":"2.4.4-instant"}""");
        using var first = JsonDocument.Parse(ReadNulTerminated(stream));
        var clientFirst = first.RootElement.GetProperty("authentication").GetString()!;
        var clientFirstBare = clientFirst[(clientFirst.IndexOf(",,", StringComparison.Ordinal) + 2)..];
        var clientNonce = Attribute(clientFirstBare, 'r');
        var salt = RandomNumberGenerator.GetBytes(16);
        var serverFirst = $"r={clientNonce}{Convert.ToBase64String(RandomNumberGenerator.GetBytes(18))},s={Convert.ToBase64String(salt)},i={Iterations}";
        Send(stream, $$"""{"success":true,"authentication":"{{serverFirst}}"}""");
        using var final = JsonDocument.Parse(ReadNulTerminated(stream));
        var clientFinal = final.RootElement.GetProperty("authentication").GetString()!;
        var withoutProof = clientFinal[..clientFinal.IndexOf(",p=", StringComparison.Ordinal)];
        var salted = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, 32);
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        var signature = HMACSHA256.HashData(serverKey, Encoding.UTF8.GetBytes($"{clientFirstBare},{serverFirst},{withoutProof}"));
        Send(stream, $$"""{"success":true,"authentication":"v={{Convert.ToBase64String(signature)}}"}""");
        return true;
    }

    private static string Attribute(string message, char name)
    {
        foreach (var part in message.Split(','))
        {
            if (part.Length > 1 && part[0] == name && part[1] == '=')
            {
                return part[2..];
            }
        }
        throw new FormatException($"no {name}= in the SCRAM message");
    }

    /// <summary>Reads query frames and answers every frame of one receive with one send.</summary>
    private static void AnswerQueries(Socket socket)
    {
        var input = new byte[1 << 16];
        var output = new byte[1 << 16];
        var have = 0;
        while (true)
        {
            var read = socket.Receive(input, have, input.Length - have, SocketFlags.None);
            if (read == 0)
            {
                return;
            }
            have += read;
            int at = 0, written = 0;
            while (have - at >= 12)
            {
                var length = BinaryPrimitives.ReadInt32LittleEndian(input.AsSpan(at + 8));
                if (length > input.Length - 12)
                {
                    return; // larger than this stand-in reads: not a benchmark query
                }
                if (have - at < 12 + length)
                {
                    break;
                }
                if (written + 12 + Answer.Length > output.Length)
                {
                    SendAll(socket, output, written);
                    written = 0;
                }
                input.AsSpan(at, 8).CopyTo(output.AsSpan(written)); // the token
                BinaryPrimitives.WriteInt32LittleEndian(output.AsSpan(written + 8), Answer.Length);
                Answer.CopyTo(output.AsSpan(written + 12));
                written += 12 + Answer.Length;
                at += 12 + length;
            }
            SendAll(socket, output, written);
            input.AsSpan(at, have - at).CopyTo(input);
            have -= at;
        }
    }

    private static void SendAll(Socket socket, byte[] data, int count)
    {
        for (var sent = 0; sent < count;)
        {
            sent += socket.Send(data, sent, count - sent, SocketFlags.None);
        }
    }

    private static byte[] ReadExactly(Stream stream, int count)
    {
        var buffer = new byte[count];
        stream.ReadExactly(buffer);
        return buffer;
    }

    private static byte[] ReadNulTerminated(Stream stream)
    {
        var message = new List<byte>();
        while (true)
        {
            var b = stream.ReadByte();
            if (b is 0 or -1)
            {
                return [.. message];
            }
            message.Add((byte)b);
        }
    }

    private static void Send(Stream stream, string message) => stream.Write(Encoding.UTF8.GetBytes(message + "\0"));
}
