using RethinkDb.Protocol;

namespace RethinkDb;

// Times and dates.
public abstract partial class ReqlExpr
{
    /// <summary>The same time in another timezone such as <c>"-08:00"</c> (<c>inTimezone</c>).</summary>
    public ReqlTerm InTimezone(object timezone) => Chain(TermType.InTimezone, timezone);

    /// <summary>The timezone as <c>"+HH:MM"</c> (<c>timezone</c>).</summary>
    public ReqlTerm Timezone() => Chain(TermType.Timezone);

    /// <summary>Whether the time is in [<paramref name="start"/>, <paramref name="end"/>) (<c>during</c>); optargs:
    /// <c>left_bound</c>, <c>right_bound</c>.</summary>
    public ReqlTerm During(object start, object end) => Chain(TermType.During, start, end);

    /// <summary>The time at midnight of the same day (<c>date</c>).</summary>
    public ReqlTerm Date() => Chain(TermType.Date);

    /// <summary>Seconds since midnight (<c>timeOfDay</c>).</summary>
    public ReqlTerm TimeOfDay() => Chain(TermType.TimeOfDay);

    /// <summary>The year (<c>year</c>).</summary>
    public ReqlTerm Year() => Chain(TermType.Year);

    /// <summary>The month, 1 to 12 (<c>month</c>).</summary>
    public ReqlTerm Month() => Chain(TermType.Month);

    /// <summary>The day of the month (<c>day</c>).</summary>
    public ReqlTerm Day() => Chain(TermType.Day);

    /// <summary>The day of the week, 1 (Monday) to 7 (<c>dayOfWeek</c>).</summary>
    public ReqlTerm DayOfWeek() => Chain(TermType.DayOfWeek);

    /// <summary>The day of the year, from 1 (<c>dayOfYear</c>).</summary>
    public ReqlTerm DayOfYear() => Chain(TermType.DayOfYear);

    /// <summary>The hour (<c>hours</c>).</summary>
    public ReqlTerm Hours() => Chain(TermType.Hours);

    /// <summary>The minute (<c>minutes</c>).</summary>
    public ReqlTerm Minutes() => Chain(TermType.Minutes);

    /// <summary>The seconds, with fractions (<c>seconds</c>).</summary>
    public ReqlTerm Seconds() => Chain(TermType.Seconds);

    /// <summary>The time as an ISO 8601 string (<c>toISO8601</c>).</summary>
    public ReqlTerm ToIso8601() => Chain(TermType.ToIso8601);

    /// <summary>Seconds since the Unix epoch (<c>toEpochTime</c>).</summary>
    public ReqlTerm ToEpochTime() => Chain(TermType.ToEpochTime);
}
