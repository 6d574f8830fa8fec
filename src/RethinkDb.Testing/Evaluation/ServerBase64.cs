namespace RethinkDb.Testing.Evaluation;

/// <summary>
/// Base64 as the server decodes a BINARY's <c>data</c>: white space skipped, any number of <c>=</c> at the end, the
/// bits of a last incomplete byte dropped (so <c>AB</c> is one zero byte), and its own words for what it refuses.
/// </summary>
internal static class ServerBase64
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private const string LengthError = "Invalid base64 length: 1 character remaining, cannot decode a full byte.";

    /// <exception cref="FormatException">The server refuses the text; the message is its words.</exception>
    public static byte[] Decode(string text)
    {
        var bytes = new List<byte>(text.Length * 3 / 4);
        var characters = 0;
        var padded = false;
        var buffer = 0;
        var bits = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                continue;
            }
            if (c == '=')
            {
                // The first '=' ends the data: a lone character before it cannot make a byte.
                if (!padded && characters % 4 == 1)
                {
                    throw new FormatException(LengthError);
                }
                padded = true;
                continue;
            }
            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                // The server prints the character with printf: a NUL ends its message there.
                throw new FormatException(c == '\0' ? "Invalid base64 character found: '" : $"Invalid base64 character found: '{c}'.");
            }
            if (padded)
            {
                throw new FormatException("Invalid base64 format, data found after padding character '='.");
            }
            characters++;
            buffer = (buffer << 6) | value;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }
        return !padded && characters % 4 == 1 ? throw new FormatException(LengthError) : [.. bytes];
    }
}
