using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// <c>r.iso8601</c> reads its text as the server does (boost's date parser, RethinkDB's own time zone rules): what it
/// takes beyond strict ISO 8601 (hour 24, minute 61, ordinal dates, a dot with no fraction) and what it refuses, in its
/// words. Exact answers, against either server.
/// </summary>
public sealed class Iso8601AgreementTests
{
    private static readonly (string Text, string Answer)[] Answers =
    [
        ("2020-01-01T25:00:00Z", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577926800,"timezone":"+00:00"}]}"""),
        ("2020-01-01T10:61:00Z", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577876460,"timezone":"+00:00"}]}"""),
        ("2020-01-01T10:00:61Z", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872861,"timezone":"+00:00"}]}"""),
        ("2020-01-01T24:00:00Z", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577923200,"timezone":"+00:00"}]}"""),
        ("2020-01-01T10:00:00+05", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577854800,"timezone":"+05:00"}]}"""),
        ("2020-01-01T10Z", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872800,"timezone":"+00:00"}]}"""),
        ("2020-01-01T10:00Z", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872800,"timezone":"+00:00"}]}"""),
        ("20200101T100000Z", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872800,"timezone":"+00:00"}]}"""),
        ("2020-001T00:00:00Z", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577836800,"timezone":"+00:00"}]}"""),
        ("2020-01-01T10:00:00.123456789Z", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872800.123,"timezone":"+00:00"}]}"""),
        ("2020-01-32", """{"t":18,"e":3000000,"r":["Error in time logic: Day of month value is out of range 1..31."],"b":[0]}"""),
        ("2020-02-30T00:00:00Z", """{"t":18,"e":3000000,"r":["Error in time logic: Day of month is not valid for year."],"b":[0]}"""),
        ("abc", """{"t":18,"e":3000000,"r":["Invalid date string `abc` (got `a` but expected a digit)."],"b":[0]}"""),
        ("2020-01-01T10:00:00", """{"t":18,"e":3000000,"r":["ISO 8601 string has no time zone, and no default time zone was provided."],"b":[0]}"""),
        ("2020", """{"t":18,"e":3000000,"r":["ISO 8601 string has no time zone, and no default time zone was provided."],"b":[0]}"""),
        ("2020-01", """{"t":18,"e":3000000,"r":["ISO 8601 string has no time zone, and no default time zone was provided."],"b":[0]}"""),
        ("20200101", """{"t":18,"e":3000000,"r":["ISO 8601 string has no time zone, and no default time zone was provided."],"b":[0]}"""),
        ("2020-001", """{"t":18,"e":3000000,"r":["ISO 8601 string has no time zone, and no default time zone was provided."],"b":[0]}"""),
        ("", """{"t":18,"e":3000000,"r":["Invalid time zone string ``. Valid time zones are `+hh:mm`, `-hh:mm`, `+hhmm`, `-hhmm`, `+hh`, `-hh` and `Z`."],"b":[0]}"""),
        ("2020-01-01 10:00:00Z", """{"t":18,"e":3000000,"r":["Garbage characters ` 10:00:00Z` at end of date string `2020-01-01 10:00:00Z`."],"b":[0]}"""),
        ("2020-01-01T10:00:00+25:00", """{"t":18,"e":3000000,"r":["Hours out of range in `+25:00`."],"b":[0]}"""),
        ("2020-W01-1", """{"t":18,"e":3000000,"r":["Due to limitations in the boost time library we use for parsing, we cannot support ISO week dates right now.  Sorry about that!  Please use years, calendar dates, or ordinal dates instead."],"b":[0]}"""),
        ("+2020-01-01T00:00:00Z", """{"t":18,"e":3000000,"r":["Invalid date string `+2020-01-01` (got `+` but expected a digit)."],"b":[0]}"""),
        ("2020-01-01T10:00:00,5Z", """{"t":18,"e":3000000,"r":["Garbage characters `,5` at end of time string `10:00:00,5`."],"b":[0]}"""),
        ("2020-01-01T10:00:00-00:00", """{"t":18,"e":3000000,"r":["`-00:00` is not a valid time offset."],"b":[0]}"""),
        ("10000-01-01T00:00:00Z", """{"t":18,"e":3000000,"r":["Invalid date string `10000-01-01` (got `-` but expected a digit)."],"b":[0]}"""),
        ("2020-1-1T00:00:00Z", """{"t":18,"e":3000000,"r":["Invalid date string `2020-1-1` (got `-` but expected a digit)."],"b":[0]}"""),
        ("2020-01-01T10:00:00+0530", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577853000,"timezone":"+05:30"}]}"""),
        ("2020-01-01T10:00:00+05:3", """{"t":18,"e":3000000,"r":["Invalid time zone string `+05:3`. Valid time zones are `+hh:mm`, `-hh:mm`, `+hhmm`, `-hhmm`, `+hh`, `-hh` and `Z`."],"b":[0]}"""),
        ("2020-01-01T10:00:00+05:60", """{"t":18,"e":3000000,"r":["Minutes out of range in `+05:60`."],"b":[0]}"""),
        ("2020-01-01TZ", """{"t":18,"e":3000000,"r":["Invalid time zone string ``. Valid time zones are `+hh:mm`, `-hh:mm`, `+hhmm`, `-hhmm`, `+hh`, `-hh` and `Z`."],"b":[0]}"""),
        ("2020-01-01T1Z", """{"t":18,"e":3000000,"r":["Invalid time zone string `1`. Valid time zones are `+hh:mm`, `-hh:mm`, `+hhmm`, `-hhmm`, `+hh`, `-hh` and `Z`."],"b":[0]}"""),
        ("2020-01-01T10:0Z", """{"t":18,"e":3000000,"r":["Invalid time zone string `10:0`. Valid time zones are `+hh:mm`, `-hh:mm`, `+hhmm`, `-hhmm`, `+hh`, `-hh` and `Z`."],"b":[0]}"""),
        ("2020-01-01T10:00:00.Z", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872800,"timezone":"+00:00"}]}"""),
        ("2020-01-01T10:00:00ZZ", """{"t":18,"e":3000000,"r":["Timezone `ZZ` does not start with `-` or `+`."],"b":[0]}"""),
        ("2020-01-01T10:00:00 Z", """{"t":18,"e":3000000,"r":["Garbage characters ` ` at end of time string `10:00:00 `."],"b":[0]}"""),
        ("2020-00-01T00:00:00Z", """{"t":18,"e":3000000,"r":["Error in time logic: Month number is out of range 1..12."],"b":[0]}"""),
        ("2020-01-00T00:00:00Z", """{"t":18,"e":3000000,"r":["Error in time logic: Day of month value is out of range 1..31."],"b":[0]}"""),
        ("0000-01-01T00:00:00Z", """{"t":18,"e":3000000,"r":["Error in time logic: Year is out of valid range: 1400..9999."],"b":[0]}"""),
        ("2020-366T00:00:00Z", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1609372800,"timezone":"+00:00"}]}"""),
        ("2021-366T00:00:00Z", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1640995200,"timezone":"+00:00"}]}"""),
        ("2020-01-01t10:00:00z", """{"t":18,"e":3000000,"r":["Garbage characters `t10:00:00z` at end of date string `2020-01-01t10:00:00z`."],"b":[0]}"""),
        ("2020-W01", """{"t":18,"e":3000000,"r":["Due to limitations in the boost time library we use for parsing, we cannot support ISO week dates right now.  Sorry about that!  Please use years, calendar dates, or ordinal dates instead."],"b":[0]}"""),
        ("2020-W011T00:00:00Z", """{"t":18,"e":3000000,"r":["Due to limitations in the boost time library we use for parsing, we cannot support ISO week dates right now.  Sorry about that!  Please use years, calendar dates, or ordinal dates instead."],"b":[0]}"""),
        ("2020-Wx", """{"t":18,"e":3000000,"r":["Invalid date string `2020-Wx` (got `x` but expected a digit)."],"b":[0]}"""),
        ("2020-W01-1x", """{"t":18,"e":3000000,"r":["Garbage characters `x` at end of date string `2020-W01-1x`."],"b":[0]}"""),
        ("1399-001T00:00:00Z", """{"t":18,"e":3000000,"r":["Error in time logic: Year is out of valid range: 1400..9999."],"b":[0]}"""),
        ("2020-000T00:00:00Z", """{"t":18,"e":1000000,"r":["Unexpected exception: Day of year value is out of range 1..366"],"b":[]}"""),
        ("2020-367T00:00:00Z", """{"t":18,"e":1000000,"r":["Unexpected exception: Day of year value is out of range 1..366"],"b":[]}"""),
        ("2020-01-01T99:99:99Z", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1578199239,"timezone":"+00:00"}]}"""),
        ("2020-01-01T10:00:00-23:59", """{"t":18,"e":3000000,"r":["Error in time logic: Offset out of range: -23:59:00."],"b":[0]}"""),
        ("2020-01-01T10:00:00+15:00", """{"t":18,"e":3000000,"r":["Error in time logic: Offset out of range: 15:00:00."],"b":[0]}"""),
        ("2020-01-01T10:00:00+14:00", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577822400,"timezone":"+14:00"}]}"""),
        ("2020-01-01T10:00:00-12:00", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577916000,"timezone":"-12:00"}]}"""),
        ("2020-01-01T10:00:00-12:30", """{"t":18,"e":3000000,"r":["Error in time logic: Offset out of range: -12:30:00."],"b":[0]}"""),
        ("2020-01-01T10:00:00+14:30", """{"t":18,"e":3000000,"r":["Error in time logic: Offset out of range: 14:30:00."],"b":[0]}"""),
        ("2020-01-01T10:00:00+24:00", """{"t":18,"e":3000000,"r":["Error in time logic: Offset out of range: 24:00:00."],"b":[0]}"""),
        ("2020-01-01T10:00:00-05:05", """{"t":18,"e":3000000,"r":["Invalid ISO 8601 timezone: `-05:5`."],"b":[0]}"""),
        ("2020-01-01T10:00:00-05:30", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577892600,"timezone":"-05:30"}]}"""),
        ("2020-01-01T10:00:00-00:30", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577874600,"timezone":"-00:30"}]}"""),
        ("2020-01-01T10:00:00+00:00", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872800,"timezone":"+00:00"}]}"""),
        ("2020-01-01T10:00:00+0000", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872800,"timezone":"+00:00"}]}"""),
        ("2020-01-01T10:00:00-0530", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577892600,"timezone":"-05:30"}]}"""),
        ("2020-02-30T00:00:00+15:00", """{"t":18,"e":3000000,"r":["Error in time logic: Day of month is not valid for year."],"b":[0]}"""),
        ("2020-01-01T10:00:00.0005Z", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872800.001,"timezone":"+00:00"}]}"""),
        ("2020-01-01T10:00:00.1234567Z", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872800.123,"timezone":"+00:00"}]}"""),
        ("2020-01-01T1000Z", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872800,"timezone":"+00:00"}]}"""),
        ("2020-01-01T10:0000Z", """{"t":18,"e":3000000,"r":["Time string `10:0000` must have 0 or 2 colons."],"b":[0]}"""),
        ("2020-01-01T1000:00Z", """{"t":18,"e":3000000,"r":["Time string `1000:00` must have 0 or 2 colons."],"b":[0]}"""),
        ("2020-0101", """{"t":18,"e":3000000,"r":["Date string `2020-0101` must have 0 or 2 hyphens."],"b":[0]}"""),
        ("202001-01", """{"t":18,"e":3000000,"r":["Date string `202001-01` must have 0 or 2 hyphens."],"b":[0]}"""),
        ("202001", """{"t":18,"e":3000000,"r":["Invalid time zone string `202001`. Valid time zones are `+hh:mm`, `-hh:mm`, `+hhmm`, `-hhmm`, `+hh`, `-hh` and `Z`."],"b":[0]}"""),
        ("2020-01-01T", """{"t":18,"e":3000000,"r":["Invalid time zone string ``. Valid time zones are `+hh:mm`, `-hh:mm`, `+hhmm`, `-hhmm`, `+hh`, `-hh` and `Z`."],"b":[0]}"""),
        ("9999-366T00:00:00Z", """{"t":18,"e":3000000,"r":["Error in time logic: Year is out of valid range: 1400..9999."],"b":[0]}"""),
        ("9999-12-31T24:00:00Z", """{"t":18,"e":3000000,"r":["Error in time logic: Year is out of valid range: 1400..9999."],"b":[0]}"""),
        ("2020-01-01T10:00:00+05:00:00", """{"t":18,"e":3000000,"r":["Garbage characters `:00` at end of timezone string `+05:00:00`."],"b":[0]}"""),
        ("2020-01-01T10-05", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577890800,"timezone":"-05:00"}]}"""),
        ("2020-01-01T10:00:00+5", """{"t":18,"e":3000000,"r":["Invalid time zone string `+5`. Valid time zones are `+hh:mm`, `-hh:mm`, `+hhmm`, `-hhmm`, `+hh`, `-hh` and `Z`."],"b":[0]}"""),
        ("2020-01-01T10:00:00+a5", """{"t":18,"e":3000000,"r":["Invalid date string `+a5` (got `a` but expected a digit)."],"b":[0]}"""),
        ("2020-01-01T10:00:00.5-05:05", """{"t":18,"e":3000000,"r":["Invalid ISO 8601 timezone: `-05:5`."],"b":[0]}"""),
        ("2020-01-01T10:00:00-09:09", """{"t":18,"e":3000000,"r":["Invalid ISO 8601 timezone: `-09:9`."],"b":[0]}"""),
        ("2020-001-01", """{"t":18,"e":3000000,"r":["Date string `2020-001-01` must have 0 or 2 hyphens."],"b":[0]}"""),
        ("1400-01-01T00:00:00Z", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":-17987443200,"timezone":"+00:00"}]}"""),
        ("9999-12-31T23:59:59.999Z", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":253402300799.999,"timezone":"+00:00"}]}"""),
        ("9999-12-31T23:00:00-05:00", """{"t":18,"e":3000000,"r":["Error in time logic: Year is out of valid range: 1400..9999."],"b":[0]}"""),
        ("9999-12-31T23:00:00+05:00", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":253402279200,"timezone":"+05:00"}]}"""),
        ("1400-01-01T00:00:00+05:00", """{"t":18,"e":3000000,"r":["Error in time logic: Year is out of valid range: 1400..9999."],"b":[0]}"""),
        ("1400-01-01T00:00:00-05:00", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":-17987425200,"timezone":"-05:00"}]}"""),
        ("9999-12-31T99:00:00Z", """{"t":18,"e":3000000,"r":["Error in time logic: Year is out of valid range: 1400..9999."],"b":[0]}"""),
        ("2020-01-01T10:00:00.9999999Z", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872801,"timezone":"+00:00"}]}"""),
        ("2020-01-01T10:00:00.0000005Z", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872800,"timezone":"+00:00"}]}"""),
        ("9999-12-31T24:00:00+05:00", """{"t":18,"e":3000000,"r":["Error in time logic: Year is out of valid range: 1400..9999."],"b":[0]}"""),
        ("9999-12-31T23:00:00-05:05", """{"t":18,"e":3000000,"r":["Error in time logic: Year is out of valid range: 1400..9999."],"b":[0]}"""),
        ("9999-12-31T23:00:00-23:59", """{"t":18,"e":3000000,"r":["Error in time logic: Offset out of range: -23:59:00."],"b":[0]}"""),
        ("1400-01-01T00:00:00+15:00", """{"t":18,"e":3000000,"r":["Error in time logic: Offset out of range: 15:00:00."],"b":[0]}"""),
        ("9999-12-31T99:00:00", """{"t":18,"e":3000000,"r":["ISO 8601 string has no time zone, and no default time zone was provided."],"b":[0]}"""),
    ];

    /// <summary>
    /// The default zone as boost reads it: a POSIX zone (a name, an offset between −12 and +14 hours, daylight saving
    /// rules), after the fraction of a second, so that leading digits lengthen the fraction.
    /// </summary>
    private static readonly (string Text, string DefaultTimezone, string Answer)[] DefaultTimezoneAnswers =
    [
        ("2020-01-01T10:00:00", "+05:00", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577854800,"timezone":"+05:00"}]}"""),
        ("2020-01-01T10:00:00", "-03", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577883600,"timezone":"-03:00"}]}"""),
        ("2020-01-01T10:00:00", "Z", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872800,"timezone":"+00:00"}]}"""),
        ("2020-01-01T10:00:00", "-00:00", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872800,"timezone":"+00:00"}]}"""),
        ("2020-01-01T10:00:00", "bad", """{"t":18,"e":3000000,"r":["Invalid ISO 8601 timezone: `bad+00`."],"b":[0]}"""),
        ("2020-01-01T10:00:00", "UTC", """{"t":18,"e":3000000,"r":["ISO 8601 string has no time zone, and no default time zone was provided."],"b":[0]}"""),
        ("2020-01-01T10:00:00", "", """{"t":18,"e":3000000,"r":["ISO 8601 string has no time zone, and no default time zone was provided."],"b":[0]}"""),
        ("2020-01-01T10:00:00", "+15:00", """{"t":18,"e":3000000,"r":["Error in time logic: Offset out of range: 15:00:00."],"b":[0]}"""),
        ("2020-01-01T10:00:00", "-0530", """{"t":18,"e":3000000,"r":["Error in time logic: Offset out of range: -530:00:00."],"b":[0]}"""),
        ("2020-01-01T10:00:00", "+0530", """{"t":18,"e":3000000,"r":["Error in time logic: Offset out of range: 530:00:00."],"b":[0]}"""),
        ("2020-01-01T10:00:00", "EST5", """{"t":18,"e":3000000,"r":["Invalid ISO 8601 timezone: `EST+05`."],"b":[0]}"""),
        ("2020-01-01T10:00:00", "GMT+03", """{"t":18,"e":3000000,"r":["Invalid ISO 8601 timezone: `GMT+03`."],"b":[0]}"""),
        ("2020-01-01T10:00:00", "05:00", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872800,"timezone":"+00:00"}]}"""),
        ("2020-01-01T10:00:00", "+05:30:15", """{"t":18,"e":3000000,"r":["Invalid ISO 8601 timezone: `+05:30:15`."],"b":[0]}"""),
        ("2020-01-01T10:00:00", "+5", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577854800,"timezone":"+05:00"}]}"""),
        ("2020-01-01T10:00:00", "-05:05", """{"t":18,"e":3000000,"r":["Invalid ISO 8601 timezone: `-05:5`."],"b":[0]}"""),
        ("2020-01-01T10:00:00", "-12:30", """{"t":18,"e":3000000,"r":["Error in time logic: Offset out of range: -12:30:00."],"b":[0]}"""),
        ("2020-01-01T10:00:00", "+14", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577822400,"timezone":"+14:00"}]}"""),
        ("2020-01-01T10:00:00", "-00", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872800,"timezone":"+00:00"}]}"""),
        ("2020-01-01T10:00:00", "z", """{"t":18,"e":3000000,"r":["Invalid ISO 8601 timezone: `z+00`."],"b":[0]}"""),
        ("2020-01-01T10:00:00", "+05:3+", """{"t":18,"e":1000000,"r":["Unexpected exception: bad lexical cast: source type value could not be interpreted as target"],"b":[]}"""),
        ("2020-01-01T10:00:00", "EST5EDT", """{"t":18,"e":1000000,"r":["Unexpected exception: Could not parse DST begin time"],"b":[]}"""),
        ("2020-01-01T10:00:00", "+05 00", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577854800,"timezone":"+05:00"}]}"""),
        ("2020-01-01T10:00:00", "+05:60", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577851200,"timezone":"+06:00"}]}"""),
        ("2020-01-01T10:00:00", "+05:99", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577848860,"timezone":"+06:39"}]}"""),
        ("2020-01-01T10:00:00", "+1:2:3", """{"t":18,"e":3000000,"r":["Invalid ISO 8601 timezone: `+01:02:03`."],"b":[0]}"""),
        ("2020-01-01T10:00:00", "5", """{"t":18,"e":3000000,"r":["ISO 8601 string has no time zone, and no default time zone was provided."],"b":[0]}"""),
        ("2020-01-01T10:00:00", "123456789", """{"t":18,"e":3000000,"r":["ISO 8601 string has no time zone, and no default time zone was provided."],"b":[0]}"""),
        ("2020-01-01T10:00:00", "5:00", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872800.001,"timezone":"+00:00"}]}"""),
        ("2020-01-01T10:00:00", "05", """{"t":18,"e":3000000,"r":["ISO 8601 string has no time zone, and no default time zone was provided."],"b":[0]}"""),
        ("2020-01-01T10:00:00", " +05:00", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577854800,"timezone":"+05:00"}]}"""),
        ("2020-01-01T10:00:00", "+05:00 x", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577854800,"timezone":"+05:00"}]}"""),
        ("2020-01-01T10:00:00", "+99999999999", """{"t":18,"e":1000000,"r":["Unexpected exception: bad lexical cast: source type value could not be interpreted as target"],"b":[]}"""),
        ("2020-01-01T10:00:00", "+05:70000", """{"t":18,"e":1000000,"r":["Unexpected exception: bad lexical cast: source type value could not be interpreted as target"],"b":[]}"""),
        ("2020-01-01T10:00:00", "+05.30", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577853000,"timezone":"+05:30"}]}"""),
        ("2020-01-01T10:00:00", "+05,30", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577854800,"timezone":"+05:00"}]}"""),
        ("2020-01-01T10:00:00", "+05:30:00.5", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577852999.5,"timezone":"+05:30"}]}"""),
        ("2020-01-01T10:00:00", "++05", """{"t":18,"e":1000000,"r":["Unexpected exception: bad lexical cast: source type value could not be interpreted as target"],"b":[]}"""),
        ("2020-01-01T10:00:00", "-", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872800,"timezone":"+00:00"}]}"""),
        ("2020-01-01T10:00:00", "+", """{"t":18,"e":1000000,"r":["Unexpected exception: bad lexical cast: source type value could not be interpreted as target"],"b":[]}"""),
        ("2020-01-01T10:00:00", "UTC+05", """{"t":18,"e":3000000,"r":["Invalid ISO 8601 timezone: `UTC+05`."],"b":[0]}"""),
        ("2020-01-01T10:00:00", "A", """{"t":18,"e":3000000,"r":["Invalid ISO 8601 timezone: `A+00`."],"b":[0]}"""),
        ("2020-01-01T10:00:00", "+05,M3", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577854800,"timezone":"+05:00"}]}"""),
        ("2020-01-01T10:00:00", "EST", """{"t":18,"e":3000000,"r":["Invalid ISO 8601 timezone: `EST+00`."],"b":[0]}"""),
        ("2020-01-01T10:00:00", "+05:30:00.123456789", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577852999.877,"timezone":"+05:30"}]}"""),
        ("2020-01-01T10:00:00", "+05:30:00.5.5", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577852999.5,"timezone":"+05:30"}]}"""),
        ("2020-01-01T10:00:00", "+05::30", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577853000,"timezone":"+05:30"}]}"""),
        ("2020-01-01T10:00:00", "+5:3", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577854620,"timezone":"+05:03"}]}"""),
        ("2020-01-01T10:00:00", "-5:3", """{"t":18,"e":3000000,"r":["Invalid ISO 8601 timezone: `-05:3`."],"b":[0]}"""),
        ("2020-01-01T10:00:00", "-0:30", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577874600,"timezone":"-00:30"}]}"""),
        ("2020-01-01T10:00:00", "EST-5", """{"t":18,"e":3000000,"r":["Invalid ISO 8601 timezone: `EST-05`."],"b":[0]}"""),
        ("2020-01-01T10:00:00", "\t+05", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577854800,"timezone":"+05:00"}]}"""),
        ("2020-01-01T10:00:00", " 5:00", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577854800,"timezone":"+05:00"}]}"""),
        ("2020-01-01T10:00:00", "+14:00:00.5", """{"t":18,"e":3000000,"r":["Error in time logic: Offset out of range: 14:00:00.500000."],"b":[0]}"""),
        ("2020-01-01T10:00:00", "+05:-30", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577853000,"timezone":"+05:30"}]}"""),
        ("2020-01-01T10:00:00Z", "bad", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872800,"timezone":"+00:00"}]}"""),
        ("2020-01-32", "bad", """{"t":18,"e":3000000,"r":["Error in time logic: Day of month value is out of range 1..31."],"b":[0]}"""),
        ("2020-01-32", "+15:00", """{"t":18,"e":3000000,"r":["Error in time logic: Day of month value is out of range 1..31."],"b":[0]}"""),
        ("2020-01-01T10:00:00.1", "5:00", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872800.15,"timezone":"+00:00"}]}"""),
        ("2020-01-01T10:00:00.123456", "7:00", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872800.123,"timezone":"+00:00"}]}"""),
        ("2020-01-01T10:00:00.1234567", "7:00", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872800.123,"timezone":"+00:00"}]}"""),
        ("2020-01-01T10:00:00.1", "5", """{"t":18,"e":3000000,"r":["ISO 8601 string has no time zone, and no default time zone was provided."],"b":[0]}"""),
        ("2020-01-01", "5", """{"t":18,"e":3000000,"r":["ISO 8601 string has no time zone, and no default time zone was provided."],"b":[0]}"""),
        ("2020-01-01T10", "5", """{"t":18,"e":3000000,"r":["ISO 8601 string has no time zone, and no default time zone was provided."],"b":[0]}"""),
        ("9999-12-31T99:00:00", "bad", """{"t":18,"e":3000000,"r":["Error in time logic: Year is out of valid range: 1400..9999."],"b":[0]}"""),
        ("9999-12-31T23:00:00", "-05:05", """{"t":18,"e":3000000,"r":["Error in time logic: Year is out of valid range: 1400..9999."],"b":[0]}"""),
        ("9999-12-31T23:00:00", "-23:00", """{"t":18,"e":3000000,"r":["Error in time logic: Offset out of range: -23:00:00."],"b":[0]}"""),
        ("9999-12-31T23:00:00", "EST5EDT", """{"t":18,"e":1000000,"r":["Unexpected exception: Could not parse DST begin time"],"b":[]}"""),
        ("9999-12-31T23:00:00", "+05:3+", """{"t":18,"e":1000000,"r":["Unexpected exception: bad lexical cast: source type value could not be interpreted as target"],"b":[]}"""),
        ("2020-01-01T10:00:00.", "5:00", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872800.5,"timezone":"+00:00"}]}"""),
        ("2020-01-01", "5:00", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577836800.001,"timezone":"+00:00"}]}"""),
        ("2020-01-01T10:00", "5:00", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577872800.001,"timezone":"+00:00"}]}"""),
    ];

    [Theory, TestServer, RealServer]
    public async Task Iso8601_text_is_read_and_refused_as_the_server_reads_it(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersAsync(Answers.Select(a => ($"[1,[99,[{JsonSerializer.Serialize(a.Text)}]]]", a.Answer)));
    }

    [Theory, TestServer, RealServer]
    public async Task The_default_time_zone_is_read_as_the_server_reads_it(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersAsync(DefaultTimezoneAnswers.Select(a =>
            ($"[1,[99,[{JsonSerializer.Serialize(a.Text)}],{{\"default_timezone\":{JsonSerializer.Serialize(a.DefaultTimezone)}}}]]", a.Answer)));
    }
}
