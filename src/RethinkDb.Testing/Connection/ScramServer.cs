using System.Security.Cryptography;
using System.Text;

namespace RethinkDb.Testing;

/// <summary>
/// The server side of SCRAM-SHA-256 (RFC 5802, RFC 7677), behaving as RethinkDB 2.4's scram_authenticator: an
/// unknown user gets a made-up salt and is only refused at the final message (error 17), a wrong proof is error 12.
/// </summary>
/// <remarks>
/// The math is the test server's own, not the driver's: a server that borrowed the client's code would agree with
/// a client bug instead of catching it. A test checks both against RFC 7677's example.
/// </remarks>
internal sealed class ScramServer
{
    private readonly Func<string, StoredPassword?> _lookup;
    private readonly int _iterations;
    private readonly Func<string> _createNonceSuffix;
    private string? _clientFirstBare;
    private string? _serverFirst;
    private string? _nonce;
    private StoredPassword? _password;

    /// <param name="lookup">The stored password of a user, or null for an unknown user.</param>
    /// <param name="iterations">The iteration count announced for an unknown user.</param>
    /// <param name="createNonceSuffix">The server's part of the nonce; 18 random bytes in base64 unless a test fixes it.</param>
    public ScramServer(Func<string, StoredPassword?> lookup, int iterations, Func<string>? createNonceSuffix = null)
    {
        _lookup = lookup;
        _iterations = iterations;
        _createNonceSuffix = createNonceSuffix ?? (() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)));
    }

    public string? User { get; private set; }

    /// <summary>
    /// A password as a SCRAM server stores it (RFC 5802, section 3): the salt, the iteration count, StoredKey and
    /// ServerKey. The password itself, and the salted password, are not kept.
    /// </summary>
    internal sealed record StoredPassword(byte[] Salt, int Iterations, byte[] StoredKey, byte[] ServerKey)
    {
        public static StoredPassword Create(string password, int iterations) =>
            Create(password, RandomNumberGenerator.GetBytes(16), iterations);

        public static StoredPassword Create(string password, byte[] salt, int iterations)
        {
            var saltedPassword = SaltPassword(password, salt, iterations);
            var clientKey = HMACSHA256.HashData(saltedPassword, "Client Key"u8);
            var stored = new StoredPassword(salt, iterations, SHA256.HashData(clientKey),
                HMACSHA256.HashData(saltedPassword, "Server Key"u8));
            CryptographicOperations.ZeroMemory(clientKey);
            CryptographicOperations.ZeroMemory(saltedPassword);
            return stored;
        }
    }

    /// <summary>SaltedPassword := Hi(Normalize(password), salt, i): PBKDF2 with HMAC-SHA-256, 32 bytes.</summary>
    /// <remarks>RethinkDB does not SASLprep the password; it takes its UTF-8 bytes as they are.</remarks>
    public static byte[] SaltPassword(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);

    /// <summary>
    /// Whether <paramref name="clientProof"/> proves knowledge of the password: ClientKey := ClientProof XOR
    /// HMAC(StoredKey, AuthMessage), and H(ClientKey) must be StoredKey.
    /// </summary>
    public static bool VerifyClientProof(StoredPassword password, string authMessage, ReadOnlySpan<byte> clientProof)
    {
        var clientSignature = HMACSHA256.HashData(password.StoredKey, Encoding.UTF8.GetBytes(authMessage));
        if (clientProof.Length != clientSignature.Length)
        {
            return false;
        }
        var clientKey = new byte[clientSignature.Length];
        for (var i = 0; i < clientKey.Length; i++)
        {
            clientKey[i] = (byte)(clientProof[i] ^ clientSignature[i]);
        }
        var matches = CryptographicOperations.FixedTimeEquals(SHA256.HashData(clientKey), password.StoredKey);
        CryptographicOperations.ZeroMemory(clientKey);
        return matches;
    }

    /// <summary>ServerSignature := HMAC(ServerKey, AuthMessage): the server's proof that it knows the password too.</summary>
    public static byte[] ComputeServerSignature(StoredPassword password, string authMessage) =>
        HMACSHA256.HashData(password.ServerKey, Encoding.UTF8.GetBytes(authMessage));

    public string HandleClientFirst(string message)
    {
        if (!message.StartsWith("n,", StringComparison.Ordinal))
        {
            throw new AuthFailure(15, "Channel binding is not supported");
        }
        var bareStart = message.IndexOf(',', 2);
        if (bareStart < 0)
        {
            throw new AuthFailure(10, "Invalid encoding");
        }
        _clientFirstBare = message[(bareStart + 1)..];
        var attributes = ParseAttributes(_clientFirstBare);
        if (!attributes.TryGetValue('n', out var user) || !attributes.TryGetValue('r', out var clientNonce))
        {
            throw new AuthFailure(10, "Invalid encoding");
        }
        User = user.Replace("=2C", ",", StringComparison.Ordinal).Replace("=3D", "=", StringComparison.Ordinal);
        _password = _lookup(User);
        var salt = _password?.Salt ?? RandomNumberGenerator.GetBytes(16);
        _nonce = clientNonce + _createNonceSuffix();
        _serverFirst = $"r={_nonce},s={Convert.ToBase64String(salt)},i={_password?.Iterations ?? _iterations}";
        return _serverFirst;
    }

    public string HandleClientFinal(string message, bool forgeSignature)
    {
        if (_password is null)
        {
            throw new AuthFailure(17, "Unknown user");
        }
        var proofAt = message.IndexOf(",p=", StringComparison.Ordinal);
        if (proofAt < 0)
        {
            throw new AuthFailure(10, "Invalid encoding");
        }
        var attributes = ParseAttributes(message);
        if (!attributes.TryGetValue('c', out var binding) || binding != "biws")
        {
            throw new AuthFailure(10, "Invalid encoding");
        }
        if (!attributes.TryGetValue('r', out var nonce) || nonce != _nonce)
        {
            throw new AuthFailure(20, "Other error");
        }
        var authMessage = $"{_clientFirstBare},{_serverFirst},{message[..proofAt]}";
        if (!attributes.TryGetValue('p', out var proofText) || !TryDecodeBase64(proofText, out var proof) ||
            !VerifyClientProof(_password, authMessage, proof))
        {
            throw new AuthFailure(12, "Wrong password");
        }
        var signature = ComputeServerSignature(_password, authMessage);
        if (forgeSignature)
        {
            signature[0] ^= 0xFF;
        }
        return "v=" + Convert.ToBase64String(signature);
    }

    /// <summary>Splits <c>a=x,b=y</c> into attributes; values may contain '=' (base64 padding).</summary>
    private static Dictionary<char, string> ParseAttributes(string message)
    {
        var result = new Dictionary<char, string>();
        foreach (var part in message.Split(','))
        {
            if (part.Length >= 2 && part[1] == '=')
            {
                result[part[0]] = part[2..];
            }
        }
        return result;
    }

    private static bool TryDecodeBase64(string text, out byte[] bytes)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        if (Convert.TryFromBase64String(text, buffer, out var written))
        {
            bytes = buffer[..written];
            return true;
        }
        bytes = [];
        return false;
    }

    /// <summary>An authentication failure with RethinkDB's error code.</summary>
    internal sealed class AuthFailure(int code, string message) : Exception(message)
    {
        public int Code { get; } = code;
    }
}
