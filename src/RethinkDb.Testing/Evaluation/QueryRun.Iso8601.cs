using System.Buffers;

namespace RethinkDb.Testing.Evaluation;

/// <content>
/// <c>r.iso8601</c> as the server reads text (pseudo_time.cc, <c>iso8601_to_time</c>): its sanitizer checks the shape
/// (<see cref="Iso8601Sanitizer"/>) and writes the text out again for boost, which reads the date, then the zone (the
/// text's, or <c>default_timezone</c> as given, <see cref="BoostTimeZone"/>), then the time. Every refusal is blamed on
/// the text.
/// </content>
internal sealed partial class QueryRun
{
    private DatumValue ParseIso8601(Args args)
    {
        var text = AsString(args[0]);
        var blame = args[0].Origin;
        var defaultTimezone = args.OptArg("default_timezone") is { } tz ? AsString(tz) : "";
        Iso8601Sanitizer.Parts parts;
        try
        {
            parts = Iso8601Sanitizer.Sanitize(text);
        }
        catch (Iso8601Sanitizer.Error error)
        {
            throw LogicError(error.Message, blame);
        }
        if (parts.Form == Iso8601Sanitizer.DateForm.Week)
        {
            throw LogicError("Due to limitations in the boost time library we use for parsing, we cannot support ISO week dates right now.  "
                + "Sorry about that!  Please use years, calendar dates, or ordinal dates instead.", blame);
        }
        var days = Iso8601Days(parts, blame);
        var (fraction, zoneText) = parts.Timezone is { } own ? (parts.Fraction, own) : DefaultZone(parts.Fraction, defaultTimezone);
        if (zoneText.Length == 0)
        {
            throw LogicError(BoostTimeZone.NoTimezone, blame);
        }
        var zone = ReadZone(zoneText, blame);
        var local = (days * MicrosecondsPerDay) + (parts.Hours * 3_600_000_000L) + (parts.Minutes * 60_000_000L) + (parts.Seconds * 1_000_000L)
            + BoostTimeZone.FractionMicroseconds(fraction);
        var utc = local - zone.OffsetMicroseconds;
        // Both the time as written and the instant it stands for must fall within boost's years.
        if (local >= EndMicroseconds || utc < EarliestMicroseconds || utc >= EndMicroseconds)
        {
            throw LogicError(YearOutOfRange, blame);
        }
        return Made(MakeTime(utc / 1e6, ZoneLabel(zone.Posix, blame)));
    }

    /// <summary>
    /// The server writes the default zone right after the fraction of a second it passes to boost, which reads a
    /// fraction as long as there are digits and then the zone as one word: a default starting with digits lengthens
    /// the fraction (<c>"5:00"</c> after <c>10:00:00</c> is 0.0005 s, in the zone <c>:00</c>), and only the first word
    /// of the rest is the zone.
    /// </summary>
    private static (string Fraction, string Zone) DefaultZone(string fraction, string defaultTimezone)
    {
        var digits = defaultTimezone.TakeWhile(char.IsAsciiDigit).Count();
        var rest = defaultTimezone.AsSpan(digits);
        var start = rest.IndexOfAnyExcept(CSpace);
        rest = start < 0 ? [] : rest[start..];
        var end = rest.IndexOfAny(CSpace);
        return (fraction + defaultTimezone[..digits], (end < 0 ? rest : rest[..end]).ToString());
    }

    // What C's isspace counts as white space, where a stream stops reading a word.
    private static readonly SearchValues<char> CSpace = SearchValues.Create(" \t\n\v\f\r");

    /// <summary>
    /// The days since 1970 of the parts' date, as boost reads it: the year checked (1400 to 9999), then the month and day,
    /// or the day of the year.
    /// </summary>
    private long Iso8601Days(Iso8601Sanitizer.Parts parts, object[] blame)
    {
        if (parts.Form != Iso8601Sanitizer.DateForm.Ordinal)
        {
            return DaysSinceEpoch(CheckedDate(parts.Year, parts.Month, parts.Day, blame));
        }
        CheckedDate(parts.Year, 1, 1, blame);
        if (parts.DayOfYear is < 1 or > 366)
        {
            throw BoostFailure(new Iso8601Sanitizer.Error("Day of year value is out of range 1..366", unexpected: true), blame);
        }
        // Day 366 of a common year is the first day of the next one.
        return DaysSinceEpoch(new DateTime(parts.Year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified)) + parts.DayOfYear - 1;
    }
}
