using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation;

/// <content>
/// Times (the TIME pseudo-type: <c>epoch_time</c> in seconds and a <c>timezone</c> offset), as the server's
/// pseudo_time.cc: <c>now</c> (one instant per query), <c>time</c>, <c>epoch_time</c>, <c>iso8601</c>,
/// <c>to_iso8601</c>, <c>to_epoch_time</c>, <c>in_timezone</c>, <c>timezone</c>, <c>during</c>, <c>date</c>,
/// <c>time_of_day</c>, the date parts, the weekday and month constants, and time arithmetic (in
/// <see cref="Arithmetic"/>). Times are computed in microseconds, as boost's ptime.
/// </content>
internal sealed partial class QueryRun
{
    private const string TimeType = "TIME";

    private const long MicrosecondsPerDay = 86_400_000_000;

    private const string YearOutOfRange = "Error in time logic: Year is out of valid range: 1400..9999.";

    private static readonly DateTime UnixEpoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    // boost's dates span the years 1400 to 9999: the first and one past the last microsecond, counted from 1970.
    private static readonly long EarliestMicroseconds = DaysSinceEpoch(new DateTime(1400, 1, 1, 0, 0, 0, DateTimeKind.Unspecified)) * MicrosecondsPerDay;
    private static readonly long EndMicroseconds = (DaysSinceEpoch(new DateTime(9999, 12, 31, 0, 0, 0, DateTimeKind.Unspecified)) + 1) * MicrosecondsPerDay;

    private JsonObject? _now;

    private static void AddTimeTerms(Dictionary<TermType, TermEvaluator> table)
    {
        table[TermType.Now] = (r, _) => r.Made(Datum.Own(r._now ??= MakeTime(DateTime.UtcNow.Subtract(UnixEpoch).Ticks / 10 / 1e6, "+00:00")));
        table[TermType.EpochTime] = (r, a) => r.Made(MakeTime(r.AsNumber(a[0]), "+00:00"));
        table[TermType.Time] = (r, a) => r.TimeFromParts(a);
        table[TermType.Iso8601] = (r, a) => r.ParseIso8601(a);
        table[TermType.ToIso8601] = (r, a) => r.Made(JsonValue.Create(r.ToIso8601(r.AsTime(a[0]))));
        table[TermType.ToEpochTime] = (r, a) => r.Made(Datum.Own(r.AsTime(a[0])["epoch_time"]));
        table[TermType.InTimezone] = (r, a) => r.InTimezone(a);
        table[TermType.Timezone] = (r, a) => r.Made(Datum.Own(r.AsTime(a[0])["timezone"]));
        table[TermType.During] = (r, a) => r.During(a);
        table[TermType.Date] = (r, a) =>
        {
            var time = r.AsTime(a[0]);
            var local = r.LocalTime(time);
            return r.Made(r.TimeFromLocal(DaysSinceEpoch(local.Date) * MicrosecondsPerDay, Datum.String(time["timezone"]!)));
        };
        table[TermType.TimeOfDay] = (r, a) =>
        {
            var local = r.LocalTime(r.AsTime(a[0]));
            return r.Made(Datum.NumberNode(Math.Round((local - local.Date).Ticks / 10 / 1e6 * 1000, MidpointRounding.AwayFromZero) / 1000));
        };
        table[TermType.Year] = (r, a) => r.Made(Datum.NumberNode(r.LocalTime(r.AsTime(a[0])).Year));
        table[TermType.Month] = (r, a) => r.Made(Datum.NumberNode(r.LocalTime(r.AsTime(a[0])).Month));
        table[TermType.Day] = (r, a) => r.Made(Datum.NumberNode(r.LocalTime(r.AsTime(a[0])).Day));
        table[TermType.DayOfWeek] = (r, a) => r.Made(Datum.NumberNode(r.LocalTime(r.AsTime(a[0])).DayOfWeek is var day && day == DayOfWeek.Sunday ? 7 : (int)day));
        table[TermType.DayOfYear] = (r, a) => r.Made(Datum.NumberNode(r.LocalTime(r.AsTime(a[0])).DayOfYear));
        table[TermType.Hours] = (r, a) => r.Made(Datum.NumberNode(r.LocalTimeOfDay(r.AsTime(a[0])).Hours));
        table[TermType.Minutes] = (r, a) => r.Made(Datum.NumberNode(r.LocalTimeOfDay(r.AsTime(a[0])).Minutes));
        table[TermType.Seconds] = (r, a) =>
        {
            var time = r.AsTime(a[0]);
            // As the server: whole seconds of the local time plus the epoch time's fraction, rounded to milliseconds.
            var epoch = Datum.Number(time["epoch_time"]!);
            var fraction = Math.Round((epoch - Math.Truncate(epoch)) * 1000, MidpointRounding.AwayFromZero) / 1000;
            return r.Made(Datum.NumberNode(r.LocalTimeOfDay(time).Seconds + fraction));
        };
        var weekdays = new[] { TermType.Monday, TermType.Tuesday, TermType.Wednesday, TermType.Thursday, TermType.Friday, TermType.Saturday, TermType.Sunday };
        for (var i = 0; i < weekdays.Length; i++)
        {
            var number = i + 1;
            table[weekdays[i]] = (r, _) => r.Made(Datum.NumberNode(number));
        }
        var months = new[] { TermType.January, TermType.February, TermType.March, TermType.April, TermType.May, TermType.June,
            TermType.July, TermType.August, TermType.September, TermType.October, TermType.November, TermType.December };
        for (var i = 0; i < months.Length; i++)
        {
            var number = i + 1;
            table[months[i]] = (r, _) => r.Made(Datum.NumberNode(number));
        }
    }

    /// <summary>
    /// A TIME, its epoch time rounded to the millisecond half away from zero, as the server rounds every TIME it makes
    /// (pseudo_time.cc, sanitize_epoch_sec): <c>r.epochTime(1.0005)</c> is 1.001, and so is the time ISO 8601 text
    /// with a fraction of .0005 stands for.
    /// </summary>
    private static JsonObject MakeTime(double epochTime, string timezone) => new()
    {
        [Datum.ReqlType] = TimeType,
        ["epoch_time"] = Datum.NumberNode(RoundEpoch(epochTime)),
        ["timezone"] = timezone,
    };

    /// <summary>
    /// Seconds rounded to the millisecond half away from zero; past about 1.8e305 the product overflows, and the
    /// server answers with its non-finite number error (r.epochTime(1e306)).
    /// </summary>
    private static double RoundEpoch(double seconds)
    {
        var rounded = Math.Round(seconds * 1000, MidpointRounding.AwayFromZero) / 1000;
        return double.IsFinite(rounded) ? rounded
            : throw QueryFailure.Runtime(ErrorType.QueryLogic, $"Non-finite number: {(double.IsNaN(rounded) ? "nan" : rounded > 0 ? "inf" : "-inf")}");
    }

    /// <summary>A TIME argument (<c>as_ptype</c>: any pseudo-type passes that check, others fail).</summary>
    private JsonObject AsTime(Value value)
    {
        var node = AsDatum(value);
        if (Datum.PseudoType(node) is null)
        {
            throw LogicError($"Not a TIME pseudotype: `{Datum.TruncPrint(node)}`.", value.Origin);
        }
        return Datum.PseudoType(node) == TimeType ? (JsonObject)node! : throw DatumTypeError(value, node, "PTYPE<TIME>");
    }

    /// <summary>Epoch seconds to whole microseconds, as <c>add_seconds_to_ptime</c> of 2.4 (rounding half away).</summary>
    private static long Microseconds(double seconds)
    {
        var whole = (long)seconds;
        var sign = seconds < 0 ? -1 : 1;
        var micro = (long)((seconds * 1e6) - (whole * 1e6) + (sign * 0.5));
        return (whole * 1_000_000) + micro;
    }

    /// <summary>
    /// The wall-clock time of a TIME in microseconds since 1970, as boost computes it: the zone's offset must be one
    /// boost takes.
    /// </summary>
    private long LocalMicroseconds(JsonObject time)
    {
        var zone = ReadZone(Datum.String(time["timezone"]!));
        var epoch = Datum.Number(time["epoch_time"]!);
        // Past 1e12 seconds (year 33658) the microseconds would overflow; the server fails a sanity check there.
        return Math.Abs(epoch) < 1e12 ? Microseconds(epoch) + zone.OffsetMicroseconds : throw LogicError(YearOutOfRange);
    }

    /// <summary>The wall-clock date and time of a TIME: boost's calendar takes only the years 1400 to 9999.</summary>
    private DateTime LocalTime(JsonObject time)
    {
        var local = LocalMicroseconds(time);
        return local >= EarliestMicroseconds && local < EndMicroseconds
            ? new DateTime(UnixEpoch.Ticks + (local * 10), DateTimeKind.Unspecified)
            : throw LogicError(YearOutOfRange);
    }

    /// <summary>The wall-clock time of day of a TIME: boost reads it without its calendar, so at any year.</summary>
    private TimeSpan LocalTimeOfDay(JsonObject time) =>
        TimeSpan.FromTicks((((LocalMicroseconds(time) % MicrosecondsPerDay) + MicrosecondsPerDay) % MicrosecondsPerDay) * 10);

    /// <summary>
    /// A TIME for a wall-clock time (in microseconds since 1970) in a time zone (<c>make_time</c>, <c>date</c>),
    /// labelled with boost's spelling of the zone (<see cref="BoostTimeZone.Label"/>).
    /// </summary>
    private JsonObject TimeFromLocal(long localMicroseconds, string timezone)
    {
        var zone = ReadZone(timezone);
        return MakeTime((localMicroseconds - zone.OffsetMicroseconds) / 1e6, ZoneLabel(zone.Posix));
    }

    /// <summary>The zone boost makes of a time zone; its refusals blamed on <paramref name="at"/>'s term.</summary>
    private BoostTimeZone.Zone ReadZone(string timezone, object[]? at = null)
    {
        try
        {
            return BoostTimeZone.Read(timezone);
        }
        catch (Iso8601Sanitizer.Error error)
        {
            throw BoostFailure(error, at);
        }
        catch (NotSupportedException unsupported)
        {
            throw LogicError(unsupported.Message, at);
        }
    }

    private string ZoneLabel(string posix, object[]? at = null)
    {
        try
        {
            return BoostTimeZone.Label(posix);
        }
        catch (Iso8601Sanitizer.Error error)
        {
            throw BoostFailure(error, at);
        }
    }

    /// <summary>
    /// A refusal of the server's time code: a logic error blamed on <paramref name="at"/>'s term, or, for an exception of
    /// boost's the server does not expect, the INTERNAL error its query loop answers with (no backtrace).
    /// </summary>
    private QueryFailure BoostFailure(Iso8601Sanitizer.Error error, object[]? at) =>
        error.Unexpected ? QueryFailure.Runtime(ErrorType.Internal, "Unexpected exception: " + error.Message) : LogicError(error.Message, at);

    /// <summary>The server's <c>sanitize::tz</c>: <c>Z</c>, <c>±hh</c>, <c>±hhmm</c>, <c>±hh:mm</c> to <c>±hh:mm</c>.</summary>
    private string SanitizeTimezone(string text)
    {
        try
        {
            return Iso8601Sanitizer.Timezone(text);
        }
        catch (Iso8601Sanitizer.Error error)
        {
            throw LogicError(error.Message);
        }
    }

    private DatumValue TimeFromParts(Args args)
    {
        if (args.Count is not (4 or 7))
        {
            throw LogicError($"Got {args.Count} arguments to TIME (expected 4 or 7).");
        }
        var year = (int)AsInteger(args[0]);
        var month = (int)AsInteger(args[1]);
        var day = (int)AsInteger(args[2]);
        int hours = 0, minutes = 0;
        double seconds = 0;
        string timezone;
        if (args.Count == 4)
        {
            timezone = AsString(args[3]);
        }
        else
        {
            hours = (int)AsInteger(args[3]);
            minutes = (int)AsInteger(args[4]);
            seconds = AsNumber(args[5]);
            timezone = AsString(args[6]);
        }
        var date = CheckedDate(year, month, day);
        // boost adds hours, minutes and seconds as durations, whatever their size or sign.
        if (Math.Abs(seconds) >= 1e12)
        {
            throw LogicError($"The test server cannot add {Datum.FormatNumber(seconds)} seconds to a time (its year would be far outside 1400 to 9999).");
        }
        var local = (DaysSinceEpoch(date) * MicrosecondsPerDay) + (hours * 3_600_000_000L) + (minutes * 60_000_000L) + Microseconds(seconds);
        return Made(TimeFromLocal(local, SanitizeTimezone(timezone)));
    }

    /// <summary>A calendar date, with boost's errors for an invalid one (blamed on <paramref name="at"/>'s term).</summary>
    private DateTime CheckedDate(int year, int month, int day, object[]? at = null)
    {
        if (year is < 1400 or > 9999)
        {
            throw LogicError(YearOutOfRange, at);
        }
        if (month is < 1 or > 12)
        {
            throw LogicError("Error in time logic: Month number is out of range 1..12.", at);
        }
        if (day is < 1 or > 31)
        {
            throw LogicError("Error in time logic: Day of month value is out of range 1..31.", at);
        }
        if (day > DateTime.DaysInMonth(year, month))
        {
            throw LogicError("Error in time logic: Day of month is not valid for year.", at);
        }
        return new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
    }

    private static long DaysSinceEpoch(DateTime date) => (date - UnixEpoch).Days;

    /// <summary><c>to_iso8601</c>: milliseconds only when the time has a fraction, as the server's boost format.</summary>
    private string ToIso8601(JsonObject time)
    {
        var local = LocalTime(time);
        var micro = (local.Ticks / 10) % 1_000_000;
        var text = local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        if (micro != 0)
        {
            text += "." + (micro / 1000).ToString("000", CultureInfo.InvariantCulture);
        }
        return text + Datum.String(time["timezone"]!);
    }

    private DatumValue InTimezone(Args args)
    {
        var time = (JsonObject)Datum.Own(AsTime(args[0]))!;
        // The zone is read from the datum by the term itself, which a wrong type then blames.
        var zone = AsDatum(args[1]);
        var raw = Datum.Kind(zone) == JsonValueKind.String ? Datum.String(zone!) : throw TypedError(zone, $"Expected type STRING but found {Datum.TypeName(zone)}.");
        time["timezone"] = SanitizeTimezone(raw);
        return Made(time);
    }

    private DatumValue During(Args args)
    {
        var time = Datum.Number(AsTime(args[0])["epoch_time"]!);
        var lower = Datum.Number(AsTime(args[1])["epoch_time"]!);
        var upper = Datum.Number(AsTime(args[2])["epoch_time"]!);
        // A bound's option is read only when the time falls on that bound, as the server reads them.
        var inside = !(lower > time
            || (lower == time && BoundIsOpen(args, "left_bound", defaultOpen: false))
            || time > upper
            || (time == upper && BoundIsOpen(args, "right_bound", defaultOpen: true)));
        return Made(JsonValue.Create(inside));
    }

    /// <summary>Time arithmetic: time ± seconds is a time; time − time is seconds (rounded to milliseconds).</summary>
    private JsonNode? TimeArithmetic(TermType type, JsonNode? left, JsonNode? right)
    {
        var leftTime = Datum.PseudoType(left) == TimeType ? (JsonObject)left! : null;
        var rightTime = Datum.PseudoType(right) == TimeType ? (JsonObject)right! : null;
        if (type == TermType.Sub && leftTime is not null && rightTime is not null)
        {
            var difference = Datum.Number(leftTime["epoch_time"]!) - Datum.Number(rightTime["epoch_time"]!);
            return Datum.NumberNode(Math.Round(difference * 1000, MidpointRounding.AwayFromZero) / 1000);
        }
        var time = leftTime ?? rightTime!;
        var duration = leftTime is not null ? right : left;
        var seconds = NumberOperand(duration);
        var result = (JsonObject)Datum.Own(time)!;
        // Rounded to the millisecond as every TIME the server makes (time_add, time_sub: sanitize_epoch_sec).
        var sum = Datum.Number(time["epoch_time"]!) + (type == TermType.Sub ? -seconds : seconds);
        result["epoch_time"] = Datum.NumberNode(RoundEpoch(sum));
        return result;
    }

    private static bool IsTime(JsonNode? node) => Datum.PseudoType(node) == TimeType;
}
