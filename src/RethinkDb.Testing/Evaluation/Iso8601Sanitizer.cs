namespace RethinkDb.Testing.Evaluation;

/// <summary>
/// The server's first pass over <c>r.iso8601</c> text (the <c>sanitize</c> step of pseudo_time.cc): it splits the text
/// at its first <c>T</c> into a date, a time and a time zone and checks each one's shape, character by character, in the
/// server's words. What it lets through, boost then reads leniently (hour 24, minute 61, day of year 366 in any year),
/// and that is <see cref="QueryRun"/>'s to do with the parts returned here.
/// </summary>
internal static class Iso8601Sanitizer
{
    /// <summary>Text the server refuses, and its words.</summary>
    /// <param name="message">The server's words.</param>
    /// <param name="unexpected">The refusal is an exception of boost's that the server does not expect: it answers
    /// with an INTERNAL error, "Unexpected exception: " and boost's words.</param>
    public sealed class Error(string message, bool unexpected = false) : Exception(message)
    {
        public bool Unexpected { get; } = unexpected;
    }

    /// <summary>How the date part is written.</summary>
    public enum DateForm
    {
        /// <summary><c>YYYY</c>, <c>YYYY-MM</c>, <c>YYYY-MM-DD</c> or <c>YYYYMMDD</c>.</summary>
        Calendar,

        /// <summary><c>YYYY-DDD</c> or <c>YYYYDDD</c>.</summary>
        Ordinal,

        /// <summary><c>YYYY-Www</c> or <c>YYYY-Www-D</c>: shaped right, but the server cannot read it.</summary>
        Week,
    }

    /// <summary>
    /// The parts of the text as two-digit fields (any two digits: boost adds hours, minutes and seconds as durations),
    /// the digits of the fraction of a second as the server passes them on (<c>000</c> when the text has none), and
    /// the time zone as <c>±hh:mm</c>, or null when the text has none.
    /// </summary>
    public readonly record struct Parts(DateForm Form, int Year, int Month, int Day, int DayOfYear,
        int Hours, int Minutes, int Seconds, string Fraction, string? Timezone);

    /// <exception cref="Error">The text is not shaped as the server's ISO 8601.</exception>
    public static Parts Sanitize(string text)
    {
        var t = text.IndexOf('T', StringComparison.Ordinal);
        var parts = Date(t < 0 ? text : text[..t]);
        if (t < 0)
        {
            return parts;
        }
        // The time zone starts at the first '-' after the T, else the first '+', else the first 'Z'.
        var sign = text.IndexOf('-', t + 1);
        sign = sign < 0 ? text.IndexOf('+', t + 1) : sign;
        sign = sign < 0 ? text.IndexOf('Z', t + 1) : sign;
        parts = Time(sign < 0 ? text[(t + 1)..] : text[(t + 1)..sign], parts);
        return sign < 0 ? parts : parts with { Timezone = Timezone(text[sign..]) };
    }

    /// <summary>The server's time zone check (<c>sanitize::tz</c>): <c>Z</c>, <c>±hh</c>, <c>±hhmm</c>, <c>±hh:mm</c>.</summary>
    /// <returns>The zone as <c>±hh:mm</c>.</returns>
    /// <exception cref="Error">The zone is not one of those, or its hours or minutes are out of range.</exception>
    public static string Timezone(string text)
    {
        if (text is "-00" or "-00:00")
        {
            throw new Error($"`{text}` is not a valid time offset.");
        }
        if (text == "Z")
        {
            return "+00:00";
        }
        var reader = new Reader(text);
        if (!reader.Optional('-') && !reader.Optional('+'))
        {
            throw new Error($"Timezone `{text}` does not start with `-` or `+`.");
        }
        var hours = reader.Digits(2);
        if (reader.AtEnd)
        {
            return $"{text[0]}{hours:00}:00";
        }
        reader.Optional(':');
        var minutes = reader.Digits(2);
        reader.EndOf("timezone");
        if (hours > 24)
        {
            throw new Error($"Hours out of range in `{text}`.");
        }
        return minutes > 59 ? throw new Error($"Minutes out of range in `{text}`.") : $"{text[0]}{hours:00}:{minutes:00}";
    }

    private static Parts Date(string text)
    {
        var reader = new Reader(text);
        var year = reader.Digits(4);
        if (reader.AtEnd)
        {
            return new Parts(DateForm.Calendar, year, 1, 1, 0, 0, 0, 0, "000", null);
        }
        // YYYY-MM and YYYYMMDD are dates, YYYYMM is not.
        var firstHyphen = reader.Optional('-');
        if (reader.Optional('W'))
        {
            reader.Digits(2);
            if (!reader.AtEnd)
            {
                reader.Optional('-');
                reader.Digits(1);
                reader.EndOf("date");
            }
            return new Parts(DateForm.Week, year, 1, 1, 0, 0, 0, 0, "000", null);
        }
        if (reader.Remaining == 3)
        {
            return new Parts(DateForm.Ordinal, year, 1, 1, reader.Digits(3), 0, 0, 0, "000", null);
        }
        var month = reader.Digits(2);
        if (firstHyphen && reader.AtEnd)
        {
            return new Parts(DateForm.Calendar, year, month, 1, 0, 0, 0, 0, "000", null);
        }
        if (firstHyphen != reader.Optional('-'))
        {
            throw new Error($"Date string `{text}` must have 0 or 2 hyphens.");
        }
        var day = reader.Digits(2);
        reader.EndOf("date");
        return new Parts(DateForm.Calendar, year, month, day, 0, 0, 0, 0, "000", null);
    }

    private static Parts Time(string text, Parts date)
    {
        var reader = new Reader(text);
        var hours = reader.Digits(2);
        if (reader.AtEnd)
        {
            return date with { Hours = hours };
        }
        var firstColon = reader.Optional(':');
        var minutes = reader.Digits(2);
        if (reader.AtEnd)
        {
            return date with { Hours = hours, Minutes = minutes };
        }
        if (firstColon != reader.Optional(':'))
        {
            throw new Error($"Time string `{text}` must have 0 or 2 colons.");
        }
        var seconds = reader.Digits(2);
        // Any number of digits after the dot, none included.
        var fraction = reader.Optional('.') ? reader.DigitsToEnd() : "000";
        reader.EndOf("time");
        return date with { Hours = hours, Minutes = minutes, Seconds = seconds, Fraction = fraction };
    }

    /// <summary>A walk over one part of the text, with the server's errors for what it finds.</summary>
    private sealed class Reader(string text)
    {
        private int _at;

        public bool AtEnd => _at == text.Length;

        public int Remaining => text.Length - _at;

        public bool Optional(char c)
        {
            if (_at < text.Length && text[_at] == c)
            {
                _at++;
                return true;
            }
            return false;
        }

        public int Digits(int count)
        {
            var value = 0;
            for (var i = 0; i < count; i++, _at++)
            {
                if (_at >= text.Length)
                {
                    // 2.4's words for every part cut short, whichever part it is.
                    throw new Error($"Invalid time zone string `{text}`. Valid time zones are `+hh:mm`, `-hh:mm`, `+hhmm`, `-hhmm`, `+hh`, `-hh` and `Z`.");
                }
                var c = text[_at];
                value = char.IsAsciiDigit(c) ? (value * 10) + (c - '0') : throw new Error($"Invalid date string `{text}` (got `{c}` but expected a digit).");
            }
            return value;
        }

        public string DigitsToEnd()
        {
            var start = _at;
            while (_at < text.Length)
            {
                Digits(1);
            }
            return text[start..];
        }

        public void EndOf(string part)
        {
            if (!AtEnd)
            {
                throw new Error($"Garbage characters `{text[_at..]}` at end of {part} string `{text}`.");
            }
        }
    }
}
