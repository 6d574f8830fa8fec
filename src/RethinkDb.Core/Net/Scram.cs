using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace RethinkDb.Net;

/// <summary>
/// The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as RethinkDB's V1_0 handshake uses it:
/// no channel binding (<c>n,,</c> / <c>c=biws</c>), no extensions.
/// </summary>
/// <remarks>
/// One instance per authentication attempt. The math is kept apart from the I/O so it can be tested alone and
/// reused by the test server.
/// </remarks>
internal sealed class Scram
{
    private const string Gs2Header = "n,,";

    // PBKDF2 is the dominant cost of a handshake (4096 iterations by default). Reconnects and pools open many
    // connections with the same password and salt, so the salted password is cached under a keyed hash of its
    // inputs: the password itself is never a key, and the per-process random key keeps a memory dump from being
    // enough to test password guesses against the cache's keys.
    private static readonly ConcurrentDictionary<string, byte[]> SaltedPasswordCache = new(StringComparer.Ordinal);
    private const int MaxCachedSaltedPasswords = 64;
    private static readonly byte[] CacheHashKey = RandomNumberGenerator.GetBytes(32);

    /// <summary>
    /// The most PBKDF2 iterations the driver computes for a server. RethinkDB uses 4,096 unless an administrator sets
    /// a user's <c>iterations</c>; OWASP's 2023 advice for PBKDF2-HMAC-SHA256 is 600,000, so a million leaves room
    /// for a deliberate choice while refusing what only a hostile or broken server asks for (2^31 - 1 iterations take
    /// minutes of CPU).
    /// </summary>
    public const int MaxIterations = 1_000_000;

    // Up to this many iterations the platform's native PBKDF2 runs in one call (a few milliseconds); above it, a loop
    // that notices the connection's Timeout or the caller's cancellation, so an open never waits on PBKDF2 past it.
    private const int UninterruptedIterations = 16_384;

    private readonly string _password;
    private readonly string _clientNonce;
    private string? _serverFirst;
    private string? _authMessage;
    private byte[]? _saltedPassword;

    public Scram(string user, string password, string? clientNonce = null)
    {
        _password = password;
        _clientNonce = clientNonce ?? CreateNonce();
        ClientFirstBare = $"n={EscapeUsername(user)},r={_clientNonce}";
    }

    /// <summary><c>n=user,r=nonce</c>: the part of the first message that enters the AuthMessage.</summary>
    public string ClientFirstBare { get; }

    /// <summary>The whole client-first message, with the GS2 header.</summary>
    public string ClientFirstMessage => Gs2Header + ClientFirstBare;

    /// <summary>SASLname escaping of RFC 5802: '=' becomes '=3D' and ',' becomes '=2C'.</summary>
    public static string EscapeUsername(string user) =>
        user.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal);

    /// <summary>18 random bytes in base64, as the official drivers send.</summary>
    public static string CreateNonce() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));

    /// <summary>
    /// Takes the server-first message (<c>r=..,s=..,i=..</c>) and returns the client-final message with its proof.
    /// </summary>
    /// <exception cref="ReqlAuthError">The server's message is malformed, its nonce does not extend ours, or it asks
    /// for more than <see cref="MaxIterations"/> iterations.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled while the password was salted.</exception>
    public string CreateClientFinal(string serverFirst, CancellationToken ct = default)
    {
        var attributes = ParseAttributes(serverFirst);
        if (!attributes.TryGetValue('r', out var nonce) || !attributes.TryGetValue('s', out var saltText) ||
            !attributes.TryGetValue('i', out var iterationsText))
        {
            throw new ReqlAuthError("Invalid SCRAM server-first message from the server (missing r, s or i).");
        }
        if (!nonce.StartsWith(_clientNonce, StringComparison.Ordinal) || nonce.Length == _clientNonce.Length)
        {
            throw new ReqlAuthError("Invalid SCRAM nonce from the server: it does not extend the client nonce.");
        }
        if (iterationsText.Length == 0 || !iterationsText.All(char.IsAsciiDigit))
        {
            throw new ReqlAuthError("Invalid SCRAM iteration count from the server.");
        }
        var digits = iterationsText.TrimStart('0');
        if (digits.Length == 0)
        {
            throw new ReqlAuthError("Invalid SCRAM iteration count from the server (0).");
        }
        // Any count of more digits than the bound has is over it, however many: no parsing overflow to worry about.
        if (digits.Length > 7 || int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) > MaxIterations)
        {
            throw new ReqlAuthError(
                $"The server asks for {(digits.Length > 12 ? digits[..12] + "..." : digits)} SCRAM iterations; the driver " +
                $"accepts at most {MaxIterations} (RethinkDB uses 4096). Refused: computing them would stall the connection.");
        }
        var iterations = int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        byte[] salt;
        try
        {
            salt = Convert.FromBase64String(saltText);
        }
        catch (FormatException ex)
        {
            throw new ReqlAuthError("Invalid SCRAM salt from the server (not base64).", ex);
        }

        _serverFirst = serverFirst;
        _saltedPassword = SaltPassword(_password, salt, iterations, ct);
        var clientFinalWithoutProof = $"c=biws,r={nonce}";
        _authMessage = $"{ClientFirstBare},{serverFirst},{clientFinalWithoutProof}";
        var proof = ComputeClientProof(_saltedPassword, _authMessage);
        return $"{clientFinalWithoutProof},p={Convert.ToBase64String(proof)}";
    }

    /// <summary>
    /// Checks the server-final message (<c>v=signature</c>): the server must prove it knows the password.
    /// </summary>
    /// <exception cref="ReqlAuthError">The signature is missing or wrong.</exception>
    public void VerifyServerFinal(string serverFinal)
    {
        if (_saltedPassword is null || _authMessage is null)
        {
            throw new InvalidOperationException("CreateClientFinal must be called first.");
        }
        var attributes = ParseAttributes(serverFinal);
        if (!attributes.TryGetValue('v', out var signatureText))
        {
            throw new ReqlAuthError("The server did not send a SCRAM server signature.");
        }
        var expected = ComputeServerSignature(_saltedPassword, _authMessage);
        Span<byte> actual = stackalloc byte[64];
        if (Base64.DecodeFromUtf8(Encoding.ASCII.GetBytes(signatureText), actual, out _, out var written) != System.Buffers.OperationStatus.Done ||
            !CryptographicOperations.FixedTimeEquals(actual[..written], expected))
        {
            throw new ReqlAuthError("The server's SCRAM signature is invalid: it could not prove that it knows the password.");
        }
    }

    /// <summary>The server-first message received, for diagnostics and tests.</summary>
    public string? ServerFirst => _serverFirst;

    public static byte[] SaltPassword(string password, byte[] salt, int iterations, CancellationToken ct = default)
    {
        var key = CacheKey(password, salt, iterations);
        if (SaltedPasswordCache.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        var salted = iterations <= UninterruptedIterations
            ? Rfc2898DeriveBytes.Pbkdf2(passwordBytes, salt, iterations, HashAlgorithmName.SHA256, 32)
            : Pbkdf2Interruptible(passwordBytes, salt, iterations, ct);
        CryptographicOperations.ZeroMemory(passwordBytes);
        if (SaltedPasswordCache.Count >= MaxCachedSaltedPasswords)
        {
            SaltedPasswordCache.Clear();
        }
        SaltedPasswordCache[key] = salted;
        return salted;
    }

    /// <summary>
    /// PBKDF2-HMAC-SHA256 (RFC 8018) for one 32-byte block: U1 = HMAC(P, salt || 1), Ui = HMAC(P, Ui-1), the result
    /// the XOR of all Ui. Checks <paramref name="ct"/> every 1,024 iterations.
    /// </summary>
    internal static byte[] Pbkdf2Interruptible(byte[] password, byte[] salt, int iterations, CancellationToken ct)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, password);
        Span<byte> u = stackalloc byte[32];
        var result = new byte[32];
        hmac.AppendData(salt);
        hmac.AppendData([0, 0, 0, 1]); // the block index, big-endian
        hmac.TryGetHashAndReset(u, out _);
        u.CopyTo(result);
        for (var i = 1; i < iterations; i++)
        {
            if ((i & 1023) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
            hmac.AppendData(u);
            hmac.TryGetHashAndReset(u, out _);
            for (var j = 0; j < result.Length; j++)
            {
                result[j] ^= u[j];
            }
        }
        CryptographicOperations.ZeroMemory(u);
        return result;
    }

    public static byte[] ComputeClientProof(byte[] saltedPassword, string authMessage)
    {
        var clientKey = HMACSHA256.HashData(saltedPassword, "Client Key"u8);
        var storedKey = SHA256.HashData(clientKey);
        var clientSignature = HMACSHA256.HashData(storedKey, Encoding.UTF8.GetBytes(authMessage));
        for (var i = 0; i < clientKey.Length; i++)
        {
            clientKey[i] ^= clientSignature[i];
        }
        return clientKey;
    }

    public static byte[] ComputeServerSignature(byte[] saltedPassword, string authMessage)
    {
        var serverKey = HMACSHA256.HashData(saltedPassword, "Server Key"u8);
        return HMACSHA256.HashData(serverKey, Encoding.UTF8.GetBytes(authMessage));
    }

    /// <summary>Splits <c>a=x,b=y</c> into attributes; values may contain '='.</summary>
    public static Dictionary<char, string> ParseAttributes(string message)
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

    private static string CacheKey(string password, byte[] salt, int iterations)
    {
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        var input = new byte[passwordBytes.Length + salt.Length + 5];
        passwordBytes.CopyTo(input, 0);
        input[passwordBytes.Length] = 0;
        salt.CopyTo(input, passwordBytes.Length + 1);
        BitConverter.TryWriteBytes(input.AsSpan(passwordBytes.Length + 1 + salt.Length), iterations);
        var key = Convert.ToHexString(HMACSHA256.HashData(CacheHashKey, input));
        CryptographicOperations.ZeroMemory(input);
        CryptographicOperations.ZeroMemory(passwordBytes);
        return key;
    }
}
