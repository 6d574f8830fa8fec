using System.Security.Cryptography;
using RethinkDb.Net;

namespace RethinkDb.Testing;

/// <summary>
/// The server side of SCRAM-SHA-256, behaving as RethinkDB 2.4's scram_authenticator: an unknown user gets a
/// made-up salt and is only refused at the final message (error 17), a wrong proof is error 12.
/// </summary>
internal sealed class ScramServer
{
    private readonly Func<string, StoredPassword?> _lookup;
    private readonly int _iterations;
    private string? _clientFirstBare;
    private string? _serverFirst;
    private string? _nonce;
    private StoredPassword? _password;

    public ScramServer(Func<string, StoredPassword?> lookup, int iterations)
    {
        _lookup = lookup;
        _iterations = iterations;
    }

    public string? User { get; private set; }

    /// <summary>A password as the server stores it: salt, iterations and the salted hash.</summary>
    internal sealed record StoredPassword(byte[] Salt, int Iterations, byte[] SaltedPassword)
    {
        public static StoredPassword Create(string password, int iterations)
        {
            var salt = RandomNumberGenerator.GetBytes(16);
            return new StoredPassword(salt, iterations, Scram.SaltPassword(password, salt, iterations));
        }
    }

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
        var attributes = Scram.ParseAttributes(_clientFirstBare);
        if (!attributes.TryGetValue('n', out var user) || !attributes.TryGetValue('r', out var clientNonce))
        {
            throw new AuthFailure(10, "Invalid encoding");
        }
        User = user.Replace("=2C", ",", StringComparison.Ordinal).Replace("=3D", "=", StringComparison.Ordinal);
        _password = _lookup(User);
        var salt = _password?.Salt ?? RandomNumberGenerator.GetBytes(16);
        _nonce = clientNonce + Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
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
        var attributes = Scram.ParseAttributes(message);
        if (!attributes.TryGetValue('c', out var binding) || binding != "biws")
        {
            throw new AuthFailure(10, "Invalid encoding");
        }
        if (!attributes.TryGetValue('r', out var nonce) || nonce != _nonce)
        {
            throw new AuthFailure(20, "Other error");
        }
        var authMessage = $"{_clientFirstBare},{_serverFirst},{message[..proofAt]}";
        var expected = Convert.ToBase64String(Scram.ComputeClientProof(_password.SaltedPassword, authMessage));
        if (!attributes.TryGetValue('p', out var proof) || proof != expected)
        {
            throw new AuthFailure(12, "Wrong password");
        }
        var signature = Scram.ComputeServerSignature(_password.SaltedPassword, authMessage);
        if (forgeSignature)
        {
            signature[0] ^= 0xFF;
        }
        return "v=" + Convert.ToBase64String(signature);
    }

    /// <summary>An authentication failure with RethinkDB's error code.</summary>
    internal sealed class AuthFailure(int code, string message) : Exception(message)
    {
        public int Code { get; } = code;
    }
}
