using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// Time zones as the server's boost takes them wherever it computes with one (<c>r.time</c>, the date parts,
/// <c>to_iso8601</c>, <c>date</c>, <c>time_of_day</c>): offsets between −12 and +14 hours only, local times within the
/// years 1400 to 9999, and the zone of a TIME it makes spelled as boost spells it (so <c>-05:05</c> comes back refused as
/// <c>-05:5</c>); <c>in_timezone</c> and <c>timezone</c> take any sanitized zone. Exact answers, against either server.
/// </summary>
public sealed class TimeZoneAgreementTests
{
    private static readonly (string Query, string Answer)[] Answers =
    [
        ("""[1,[136,[2020,1,1,"+15:00"]],{}]""", """{"t":18,"e":3000000,"r":["Error in time logic: Offset out of range: 15:00:00."],"b":[]}"""),
        ("""[1,[136,[2020,1,1,"-05:05"]],{}]""", """{"t":18,"e":3000000,"r":["Invalid ISO 8601 timezone: `-05:5`."],"b":[]}"""),
        ("""[1,[136,[2020,1,1,"-12:30"]],{}]""", """{"t":18,"e":3000000,"r":["Error in time logic: Offset out of range: -12:30:00."],"b":[]}"""),
        ("""[1,[136,[2020,1,1,10,0,0,"-05:05"]],{}]""", """{"t":18,"e":3000000,"r":["Invalid ISO 8601 timezone: `-05:5`."],"b":[]}"""),
        ("""[1,[104,[[101,[0]],"+15:00"]],{}]""", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":0,"timezone":"+15:00"}]}"""),
        ("""[1,[128,[[104,[[101,[0]],"+15:00"]]]],{}]""", """{"t":18,"e":3000000,"r":["Error in time logic: Offset out of range: 15:00:00."],"b":[]}"""),
        ("""[1,[100,[[104,[[101,[0]],"+15:00"]]]],{}]""", """{"t":18,"e":3000000,"r":["Error in time logic: Offset out of range: 15:00:00."],"b":[]}"""),
        ("""[1,[106,[[104,[[101,[0]],"-05:05"]]]],{}]""", """{"t":18,"e":3000000,"r":["Invalid ISO 8601 timezone: `-05:5`."],"b":[]}"""),
        ("""[1,[100,[[104,[[101,[0]],"-05:05"]]]],{}]""", """{"t":1,"r":["1969-12-31T18:55:00-05:05"]}"""),
        ("""[1,[127,[[104,[[101,[0]],"+24:00"]]]],{}]""", """{"t":1,"r":["+24:00"]}"""),
        ("""[1,[126,[[104,[[101,[0]],"+24:00"]]]],{}]""", """{"t":18,"e":3000000,"r":["Error in time logic: Offset out of range: 24:00:00."],"b":[]}"""),
        ("""[1,[106,[[104,[[101,[0]],"+14:00"]]]],{}]""", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":-50400,"timezone":"+14:00"}]}"""),
        ("""[1,[136,[9999,12,31,24,0,0,"Z"]],{}]""", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":253402300800,"timezone":"+00:00"}]}"""),
        ("""[1,[136,[1400,1,1,"+05:00"]],{}]""", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":-17987461200,"timezone":"+05:00"}]}"""),
        ("""[1,[136,[1400,1,1,"-05:00"]],{}]""", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":-17987425200,"timezone":"-05:00"}]}"""),
        ("""[1,[136,[9999,12,31,"-05:00"]],{}]""", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":253402232400,"timezone":"-05:00"}]}"""),
        ("""[1,[128,[[101,[-17987446800]]]],{}]""", """{"t":18,"e":3000000,"r":["Error in time logic: Year is out of valid range: 1400..9999."],"b":[]}"""),
        ("""[1,[100,[[101,[-17987446800]]]],{}]""", """{"t":18,"e":3000000,"r":["Error in time logic: Year is out of valid range: 1400..9999."],"b":[]}"""),
        ("""[1,[128,[[101,[253402300800]]]],{}]""", """{"t":18,"e":3000000,"r":["Error in time logic: Year is out of valid range: 1400..9999."],"b":[]}"""),
        ("""[1,[100,[[101,[253402300800]]]],{}]""", """{"t":18,"e":3000000,"r":["Error in time logic: Year is out of valid range: 1400..9999."],"b":[]}"""),
        ("""[1,[136,[2020,1,1,"bad"]],{}]""", """{"t":18,"e":3000000,"r":["Timezone `bad` does not start with `-` or `+`."],"b":[]}"""),
        ("""[1,[136,[2020,13,1,"+15:00"]],{}]""", """{"t":18,"e":3000000,"r":["Error in time logic: Month number is out of range 1..12."],"b":[]}"""),
        ("""[1,[136,[2020,1,1,"-00:30"]],{}]""", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577838600,"timezone":"-00:30"}]}"""),
        ("""[1,[106,[[104,[[101,[0]],"-00:30"]]]],{}]""", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":-84600,"timezone":"-00:30"}]}"""),
        ("""[1,[104,[[101,[0]],"-05:05"]],{}]""", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":0,"timezone":"-05:05"}]}"""),
        ("""[1,[106,[[104,[[101,[0]],"-00:05"]]]],{}]""", """{"t":18,"e":3000000,"r":["Invalid ISO 8601 timezone: `-00:5`."],"b":[]}"""),
        ("""[1,[128,[{"$reql_type$":"TIME","epoch_time":0,"timezone":"+24:00"}]],{}]""", """{"t":18,"e":3000000,"r":["Error in time logic: Offset out of range: 24:00:00."],"b":[]}"""),
        ("""[1,[126,[[104,[[101,[0]],"-12:01"]]]],{}]""", """{"t":18,"e":3000000,"r":["Error in time logic: Offset out of range: -12:01:00."],"b":[]}"""),
        ("""[1,[127,[[104,[[101,[0]],"-12:01"]]]],{}]""", """{"t":1,"r":["-12:01"]}"""),
        ("""[1,[2,[1,[128,[[104,[[101,[0]],"+15:00"]]]]]],{}]""", """{"t":18,"e":3000000,"r":["Error in time logic: Offset out of range: 15:00:00."],"b":[1]}"""),
        ("""[1,[136,[9999,12,31,23,0,0,"-05:05"]],{}]""", """{"t":18,"e":3000000,"r":["Invalid ISO 8601 timezone: `-05:5`."],"b":[]}"""),
        ("""[1,[136,[2020,2,30,"+15:00"]],{}]""", """{"t":18,"e":3000000,"r":["Error in time logic: Day of month is not valid for year."],"b":[]}"""),
        ("""[1,[128,[[104,[[101,[-17987443200]],"-05:00"]]]],{}]""", """{"t":18,"e":3000000,"r":["Error in time logic: Year is out of valid range: 1400..9999."],"b":[]}"""),
        ("""[1,[100,[[104,[[101,[-17987443200]],"-05:00"]]]],{}]""", """{"t":18,"e":3000000,"r":["Error in time logic: Year is out of valid range: 1400..9999."],"b":[]}"""),
        ("""[1,[128,[[104,[[101,[253402300799]],"+05:00"]]]],{}]""", """{"t":18,"e":3000000,"r":["Error in time logic: Year is out of valid range: 1400..9999."],"b":[]}"""),
        ("""[1,[100,[[104,[[101,[253402300799]],"+05:00"]]]],{}]""", """{"t":18,"e":3000000,"r":["Error in time logic: Year is out of valid range: 1400..9999."],"b":[]}"""),
        ("""[1,[128,[[104,[[101,[-17987446800]],"+05:00"]]]],{}]""", """{"t":1,"r":[1400]}"""),
        ("""[1,[106,[[104,[[101,[253402300799]],"+05:00"]]]],{}]""", """{"t":18,"e":3000000,"r":["Error in time logic: Year is out of valid range: 1400..9999."],"b":[]}"""),
        ("""[1,[136,[2020,1,1,100000,0,0,"Z"]],{}]""", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1937836800,"timezone":"+00:00"}]}"""),
        ("""[1,[136,[2020,1,1,0,0,10000000000.0,"Z"]],{}]""", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":11577836800,"timezone":"+00:00"}]}"""),
        ("""[1,[136,[2020,1,1,-5,0,0,"Z"]],{}]""", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":1577818800,"timezone":"+00:00"}]}"""),
        ("""[1,[126,[[104,[[101,[1.5]],"+00:00"]]]],{}]""", """{"t":1,"r":[1.5]}"""),
        ("""[1,[100,[[101,[253402300799.999]]]],{}]""", """{"t":1,"r":["9999-12-31T23:59:59.999+00:00"]}"""),
        ("""[1,[128,[[101,[-17987443200]]]],{}]""", """{"t":1,"r":[1400]}"""),
        ("""[1,[106,[[104,[[101,[0]],"-05:30"]]]],{}]""", """{"t":1,"r":[{"$reql_type$":"TIME","epoch_time":-66600,"timezone":"-05:30"}]}"""),
    ];

    [Theory, TestServer, RealServer]
    public async Task Time_zones_are_taken_and_refused_as_the_server_takes_them(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersAsync(Answers);
    }
}
