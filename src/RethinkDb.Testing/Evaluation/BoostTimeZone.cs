using System.Globalization;

namespace RethinkDb.Testing.Evaluation;

/// <summary>
/// A time zone as the server's boost reads it (<c>posix_time_zone</c>): a name of letters, an offset between −12 and
/// +14 hours written <c>h[:m[:s[.f]]]</c> with any of <c>-:.</c> between the numbers, and optionally a daylight saving
/// name and rules after a comma. The server makes one of every time zone it computes with — the zone of a TIME it
/// reads, of <c>r.time</c>, of <c>r.iso8601</c> text, and the <c>default_timezone</c> option as given — and then labels
/// the TIME it makes with boost's own spelling of the zone, sanitized again (<see cref="Label"/>). That round trip is
/// why <c>default_timezone: "-00:00"</c> passes where the text's <c>-00:00</c> does not, and why a zone of
/// <c>-05:05</c> comes back refused as <c>-05:5</c>. Checked against a real 2.4.4.
/// </summary>
internal static class BoostTimeZone
{
    private const long MicrosecondsPerHour = 3_600_000_000;

    /// <summary>The zone boost made: its own spelling of it, and its offset from UTC.</summary>
    public readonly record struct Zone(string Posix, long OffsetMicroseconds);

    /// <summary>Make the zone boost makes of the text.</summary>
    /// <exception cref="Iso8601Sanitizer.Error">boost refuses the zone: the offset is out of range (a time error),
    /// or a number of it or its daylight saving rules cannot be read (an unexpected exception on the server).</exception>
    /// <exception cref="NotSupportedException">A zone with daylight saving rules: the test server does not model them.</exception>
    public static Zone Read(string text)
    {
        var comma = text.IndexOf(',', StringComparison.Ordinal);
        var head = comma < 0 ? text : text[..comma];
        var at = 0;
        var name = Span(head, ref at, letters: true);
        var offsetText = Span(head, ref at, letters: false);
        var daylightName = Span(head, ref at, letters: true);
        var offset = offsetText.Length == 0 ? 0 : Offset(offsetText);
        if (offset < -12 * MicrosecondsPerHour || offset > 14 * MicrosecondsPerHour)
        {
            throw new Iso8601Sanitizer.Error($"Error in time logic: Offset out of range: {SimpleString(offset)}.");
        }
        if (daylightName.Length > 0)
        {
            // Rules after a comma without a daylight saving name are never read.
            throw comma < 0
                ? new Iso8601Sanitizer.Error("Could not parse DST begin time", unexpected: true)
                : new NotSupportedException($"The test server does not read the daylight saving rules of the time zone `{text}`.");
        }
        return new Zone(name + PosixOffset(offset), offset);
    }

    /// <summary>
    /// The label of a TIME made in the zone (<c>sanitize_boost_tz</c>): boost's spelling with the minus sign it puts
    /// after the first colon of a negative offset dropped, read back as <c>±hh:mm</c>.
    /// </summary>
    /// <exception cref="Iso8601Sanitizer.Error">The spelling is not such a zone (a name, seconds, one-digit minutes),
    /// or is boost's UTC (no zone at all).</exception>
    public static string Label(string posix)
    {
        var colon = posix.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && colon + 1 < posix.Length && posix[colon + 1] == '-')
        {
            posix = posix.Remove(colon + 1, 1);
        }
        if (posix is "UTC+00" or "")
        {
            throw new Iso8601Sanitizer.Error(NoTimezone);
        }
        if (posix == "Z+00")
        {
            return "+00:00";
        }
        try
        {
            return Iso8601Sanitizer.Timezone(posix);
        }
        catch (Iso8601Sanitizer.Error)
        {
            throw new Iso8601Sanitizer.Error($"Invalid ISO 8601 timezone: `{posix}`.");
        }
    }

    /// <summary>The server's words for text without a zone and no default zone.</summary>
    public const string NoTimezone = "ISO 8601 string has no time zone, and no default time zone was provided.";

    private static string Span(string text, ref int at, bool letters)
    {
        var start = at;
        while (at < text.Length && char.IsAsciiLetter(text[at]) == letters)
        {
            at++;
        }
        return text[start..at];
    }

    /// <summary>
    /// boost's <c>str_from_delimited_time_duration</c>: hours (an int), minutes and seconds (unsigned shorts) and a
    /// fraction of a second, split at <c>-</c>, <c>:</c> or <c>.</c>; negative when the text starts with <c>-</c>.
    /// </summary>
    private static long Offset(string text)
    {
        var fields = text.Split(['-', ':', '.'], StringSplitOptions.RemoveEmptyEntries);
        var hours = fields.Length > 0 ? LexicalCast(fields[0], int.MinValue, int.MaxValue) : 0;
        var minutes = fields.Length > 1 ? LexicalCast(fields[1], 0, ushort.MaxValue) : 0;
        var seconds = fields.Length > 2 ? LexicalCast(fields[2], 0, ushort.MaxValue) : 0;
        var fraction = fields.Length > 3 ? FractionMicroseconds(fields[3]) : 0;
        var total = (hours * MicrosecondsPerHour) + (minutes * 60_000_000L) + (seconds * 1_000_000L) + fraction;
        return text[0] == '-' ? -total : total;
    }

    /// <summary>boost's <c>lexical_cast</c>: an optional sign and digits only, within the type's range.</summary>
    private static long LexicalCast(string field, long min, long max) =>
        long.TryParse(field, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new Iso8601Sanitizer.Error("bad lexical cast: source type value could not be interpreted as target", unexpected: true);

    /// <summary>
    /// A fraction of a second as boost reads one, to microseconds: digits past the sixth dropped, fewer scaled up; of
    /// text that is not all digits, only the leading ones count (as <c>atoi</c>).
    /// </summary>
    public static long FractionMicroseconds(string field)
    {
        var digits = field.TakeWhile(char.IsAsciiDigit).Take(6).ToArray();
        var value = digits.Aggregate(0L, (sum, digit) => (sum * 10) + (digit - '0'));
        return field.Length >= 6 ? value : value * (long)Math.Pow(10, 6 - field.Length);
    }

    /// <summary>boost's <c>to_posix_string</c> of an offset: hours with their sign, then minutes (and seconds) when
    /// not zero, each printed with its own sign, so that −5:05 is written <c>-05:-5</c>.</summary>
    private static string PosixOffset(long offset)
    {
        var hours = offset / MicrosecondsPerHour;
        var minutes = offset / 60_000_000 % 60;
        var seconds = offset / 1_000_000 % 60;
        var text = (offset < 0 ? "-" : "+") + Math.Abs(hours).ToString("00", CultureInfo.InvariantCulture);
        if (minutes != 0 || seconds != 0)
        {
            text += ":" + minutes.ToString("00;-0", CultureInfo.InvariantCulture);
            if (seconds != 0)
            {
                text += ":" + seconds.ToString("00;-0", CultureInfo.InvariantCulture);
            }
        }
        return text;
    }

    /// <summary>boost's <c>to_simple_string</c> of a duration: <c>-hh:mm:ss</c>, and <c>.ffffff</c> when not whole.</summary>
    private static string SimpleString(long duration)
    {
        var magnitude = Math.Abs(duration);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{(duration < 0 ? "-" : "")}{magnitude / MicrosecondsPerHour:00}:{magnitude / 60_000_000 % 60:00}:{magnitude / 1_000_000 % 60:00}");
        return magnitude % 1_000_000 == 0 ? text : text + string.Create(CultureInfo.InvariantCulture, $".{magnitude % 1_000_000:000000}");
    }
}
