namespace RethinkDb.Testing.Evaluation;

/// <summary>
/// The server's own UTF-8 check of the strings in a query (parsing/utf8.cc, used by datum.cc's
/// <c>fail_if_invalid</c>): its words for the first problem and where the bad sequence starts. Like the server, it
/// takes encoded surrogates (<c>ED A0 80</c>) as valid; rapidjson lets any bytes through, so this check is where
/// invalid text is refused.
/// </summary>
internal static class ServerUtf8
{
    /// <summary>The server's message for the first invalid sequence of <paramref name="text"/>, or null when it is valid.</summary>
    public static string? Problem(ReadOnlySpan<byte> text)
    {
        var at = 0;
        while (at < text.Length)
        {
            var (explanation, length) = Next(text[at..]);
            if (explanation is not null)
            {
                // Where the server's reader stood: the last byte it took of the sequence (utf8.cc's fail()). The
                // bytes before it are shown (invalid ones as U+FFFD, which the server would send as they are).
                var position = at + length - 1;
                var shown = System.Text.Encoding.UTF8.GetString(text[..Math.Min(position, 20)]);
                return $"String `{shown}` (truncated) is not a UTF-8 string; {explanation} at position {position}.";
            }
            at += length;
        }
        return null;
    }

    // One code point at the start of text: its length, or the reason it is invalid and how many bytes were taken
    // (the bad one included for an invalid first byte or a whole overlong sequence, not for a missing continuation).
    private static (string? Explanation, int Length) Next(ReadOnlySpan<byte> text)
    {
        var first = text[0];
        int length, codePoint;
        if (first < 0x80)
        {
            return (null, 1);
        }
        if ((first & 0xE0) == 0xC0)
        {
            (length, codePoint) = (2, first & 0x1F);
        }
        else if ((first & 0xF0) == 0xE0)
        {
            (length, codePoint) = (3, first & 0x0F);
        }
        else if ((first & 0xF8) == 0xF0)
        {
            (length, codePoint) = (4, first & 0x07);
        }
        else
        {
            return ("Invalid initial byte seen", 1);
        }
        for (var i = 1; i < length; i++)
        {
            if (i >= text.Length)
            {
                return ("Expected continuation byte, saw end of string", i);
            }
            if ((text[i] & 0xC0) != 0x80)
            {
                return ("Expected continuation byte, saw something else", i);
            }
            codePoint = (codePoint << 6) | (text[i] & 0x3F);
        }
        if (codePoint < (length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000))
        {
            return ("Overlong encoding seen", length);
        }
        return codePoint > 0x10FFFF ? ("Non-Unicode character encoded (beyond U+10FFFF)", length) : (null, length);
    }

    /// <summary>
    /// Rewrites in place each surrogate encoded on its own (<c>ED A0..BF 80..BF</c>, which <see cref="Problem"/> takes as
    /// the server does) as U+FFFD (<c>EF BF BD</c>, as long): .NET cannot decode it, and the driver reads it so.
    /// </summary>
    public static void ReplaceEncodedSurrogates(Span<byte> text)
    {
        for (var at = text.IndexOf((byte)0xED); at >= 0 && at + 2 < text.Length;)
        {
            if (text[at + 1] is >= 0xA0 and <= 0xBF && text[at + 2] is >= 0x80 and <= 0xBF)
            {
                "\uFFFD"u8.CopyTo(text[at..]);
            }
            var next = text[(at + 1)..].IndexOf((byte)0xED);
            at = next < 0 ? -1 : at + 1 + next;
        }
    }
}
