using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// Time terms with time zones, asserted with the real server's results and messages (src/rdb_protocol/pseudo_time.cc
/// and terms/time.cc of 2.4.4); the same tests run against a real RethinkDB when RETHINKDB_HOST is set.
/// </summary>
public sealed class TimeTermTests
{
    private static async Task<string> JsonAsync(Harness h, ReqlExpr query) => (await query.RunAsync(h.Connection)).GetRawText();

    private static async Task<string> FailsAsync<TError>(Harness h, ReqlExpr query) where TError : ReqlQueryError =>
        (await Assert.ThrowsAsync<TError>(() => query.RunAsync(h.Connection))).ErrorMessage;

    [Theory, TestServer, RealServer]
    public async Task Times_are_made_and_printed_in_their_time_zone(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var t = R.Time(2015, 3, 4, 5, 6, 7.5, "+01:00");
        Assert.Equal("\"2015-03-04T05:06:07.500+01:00\"", await JsonAsync(h, t.ToIso8601()));
        Assert.Equal("1425441967.5", await JsonAsync(h, t.ToEpochTime()));
        Assert.Equal("\"2015-03-04T00:00:00+00:00\"", await JsonAsync(h, R.Time(2015, 3, 4, "Z").ToIso8601()));
        Assert.Equal("\"1970-01-01T00:00:01.234+00:00\"", await JsonAsync(h, R.EpochTime(1.234).ToIso8601()));
        Assert.Equal("\"2015-03-04T06:36:07.500+02:30\"", await JsonAsync(h, t.InTimezone("+0230").ToIso8601()));
        Assert.Equal("\"+02:30\"", await JsonAsync(h, t.InTimezone("+02:30").Timezone()));
        Assert.Equal("\"2015-03-04T05:06:07+01:00\"", await JsonAsync(h, R.Iso8601("2015-03-04T05:06:07+01:00").ToIso8601()));
        Assert.Equal("\"2015-03-04T05:06:07-07:00\"", await JsonAsync(h, R.Iso8601("2015-03-04T05:06:07").OptArg("default_timezone", "-07").ToIso8601()));
        Assert.Equal("ISO 8601 string has no time zone, and no default time zone was provided.",
            await FailsAsync<ReqlQueryLogicError>(h, R.Iso8601("2015-03-04T05:06:07")));
        Assert.Equal("Timezone `01:00` does not start with `-` or `+`.", await FailsAsync<ReqlQueryLogicError>(h, t.InTimezone("01:00")));
        Assert.Equal("Hours out of range in `+25:00`.", await FailsAsync<ReqlQueryLogicError>(h, t.InTimezone("+25:00")));
        Assert.Equal("Got 5 arguments to TIME (expected 4 or 7).", await FailsAsync<ReqlQueryLogicError>(h, R.Time(2015, 3, 4, 5, "Z")));
        Assert.Equal("Not a TIME pseudotype: `1`.", await FailsAsync<ReqlQueryLogicError>(h, R.Expr(1).ToIso8601()));
    }

    [Theory, TestServer, RealServer]
    public async Task Date_parts_and_arithmetic(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var t = R.Time(2015, 3, 1, 23, 30, 15.25, "-02:00");
        Assert.Equal("[2015,3,1,7,60,23,30,15.25]", await JsonAsync(h, R.Expr(new object[]
            { t.Year(), t.Month(), t.Day(), t.DayOfWeek(), t.DayOfYear(), t.Hours(), t.Minutes(), t.Seconds() })));
        Assert.Equal("\"2015-03-01T00:00:00-02:00\"", await JsonAsync(h, t.Date().ToIso8601()));
        Assert.Equal("84615.25", await JsonAsync(h, t.TimeOfDay()));
        Assert.Equal("\"2015-03-02T00:30:15.250-02:00\"", await JsonAsync(h, (t + 3600).ToIso8601()));
        Assert.Equal("\"2015-03-01T22:30:15.250-02:00\"", await JsonAsync(h, (t - 3600).ToIso8601()));
        Assert.Equal("86400", await JsonAsync(h, R.Time(2015, 3, 2, "Z") - R.Time(2015, 3, 1, "Z")));
        Assert.Equal("true", await JsonAsync(h, t.During(R.Time(2015, 3, 1, "Z"), R.Time(2015, 3, 3, "Z"))));
        Assert.Equal("false", await JsonAsync(h, R.Time(2015, 3, 3, "Z").During(R.Time(2015, 3, 1, "Z"), R.Time(2015, 3, 3, "Z"))));
        Assert.Equal("true", await JsonAsync(h, R.Time(2015, 3, 3, "Z").During(R.Time(2015, 3, 1, "Z"), R.Time(2015, 3, 3, "Z")).OptArg("right_bound", "closed")));
        Assert.Equal("true", await JsonAsync(h, R.Time(2015, 3, 3, "Z") > R.Time(2015, 3, 1, "Z")));
        Assert.Equal("[1,7,12]", await JsonAsync(h, R.Expr(new object[] { R.Monday, R.Sunday, R.December })));
        // now() is one instant for the whole query.
        Assert.Equal("true", await JsonAsync(h, R.Now().Eq(R.Now())));
    }
}
