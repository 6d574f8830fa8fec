using System.Text.Unicode;

namespace RethinkDb.Protocol;

/// <summary>
/// Replaces, in a response body, the one kind of invalid UTF-8 RethinkDB sends: a UTF-16 surrogate encoded on its
/// own in three bytes (<c>ED A0..BF 80..BF</c>), as U+FFFD.
/// </summary>
/// <remarks>
/// The server refuses other invalid UTF-8 in queries, but its JSON parser takes a lone low surrogate escape
/// (<c>"\udc00"</c>, which JavaScript's <c>JSON.stringify</c> writes for a string cut inside an emoji) and stores it
/// encoded so, and its own UTF-8 check lets that through; every read of the document returns those bytes (checked
/// against a real 2.4.4). Read as they are, they made the driver take the body for a broken server and close the
/// connection. U+FFFD (<c>EF BF BD</c>) has the same length, so the body is rewritten in place, and the string reads
/// with the replacement character where the lone surrogate was, as the driver itself writes a lone surrogate.
/// </remarks>
internal static class EncodedSurrogates
{
    /// <summary>
    /// Rewrites each encoded surrogate of <paramref name="body"/> as U+FFFD; true when the body is then valid UTF-8.
    /// Only called on a body already found invalid (the rare path).
    /// </summary>
    public static bool TryReplace(Span<byte> body)
    {
        var replaced = false;
        for (var at = body.IndexOf((byte)0xED); at >= 0 && at + 2 < body.Length;)
        {
            // 0xED is never a continuation byte, so each one starts a sequence; ED 80..9F xx is a valid code point
            // below the surrogates and stays.
            if (body[at + 1] is >= 0xA0 and <= 0xBF && body[at + 2] is >= 0x80 and <= 0xBF)
            {
                body[at] = 0xEF;
                body[at + 1] = 0xBF;
                body[at + 2] = 0xBD;
                replaced = true;
            }
            var next = body[(at + 1)..].IndexOf((byte)0xED);
            at = next < 0 ? -1 : at + 1 + next;
        }
        return replaced && Utf8.IsValid(body);
    }
}
