using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Hostile;

/// <summary>
/// Issue 18, point 7: TIME values outside what .NET's dates hold read as the documented JsonException naming the
/// value; DateTimeOffset.MaxValue is written so that it stays in range.
/// </summary>
public class TimeRangeTests
{
    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, RethinkDbJson.DefaultOptions)!;

    private static string Time(string epoch, string zone = "+00:00") =>
        $$"""{"$reql_type$":"TIME","epoch_time":{{epoch}},"timezone":"{{zone}}"}""";

    [Theory]
    [InlineData("253402300800")]
    [InlineData("1e13")]
    [InlineData("-1e13")]
    [InlineData("-62135596801")]
    public void A_time_outside_the_years_1_to_9999_is_a_json_exception_naming_it(string epoch)
    {
        var offset = Assert.Throws<JsonException>(() => Read<DateTimeOffset>(Time(epoch)));
        var dateTime = Assert.Throws<JsonException>(() => Read<DateTime>(Time(epoch)));

        var printed = double.Parse(epoch, System.Globalization.CultureInfo.InvariantCulture).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(printed, offset.Message, StringComparison.Ordinal);
        Assert.Contains(printed, dateTime.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"x\"", "+00:00")]
    [InlineData("1", "+99:00")]
    [InlineData("1", "+9")]
    [InlineData("253402300799", "+05:00")]
    public void A_time_that_cannot_be_a_date_is_a_json_exception(string epoch, string zone)
    {
        Assert.Throws<JsonException>(() => Read<DateTimeOffset>(Time(epoch, zone)));
    }

    [Fact]
    public void The_last_instant_of_year_9999_is_written_in_range_and_reads_back()
    {
        var json = JsonSerializer.Serialize(DateTimeOffset.MaxValue, RethinkDbJson.DefaultOptions);

        using var doc = JsonDocument.Parse(json);
        Assert.True(doc.RootElement.GetProperty("epoch_time").GetDouble() < 253402300800d);
        var back = Read<DateTimeOffset>(json);
        // Sent as the last millisecond (the server's precision), which a double holds to ~30 µs.
        Assert.True(DateTimeOffset.MaxValue - back < TimeSpan.FromMilliseconds(2), back.ToString("O"));
        Assert.Equal(DateTime.MaxValue.Date, Read<DateTime>(JsonSerializer.Serialize(DateTime.MaxValue, RethinkDbJson.DefaultOptions)).Date);
    }

    [Theory, TestServer, RealServer]
    public async Task A_server_time_after_year_9999_reads_as_a_json_exception(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var connection = await target.ConnectAsync();

        var error = await Assert.ThrowsAsync<JsonException>(() => R.EpochTime(253402300800L).RunAsync<DateTimeOffset>(connection));
        Assert.Contains("253402300800", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, await R.Expr(2).RunAsync<int>(connection));
    }

    [Theory, TestServer, RealServer]
    public async Task DateTimeOffset_max_value_round_trips_through_the_server(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var connection = await target.ConnectAsync();

        var back = await R.Expr(DateTimeOffset.MaxValue).RunAsync<DateTimeOffset>(connection);
        // Sent as the last millisecond (the server's precision), which a double holds to ~30 µs.
        Assert.True(DateTimeOffset.MaxValue - back < TimeSpan.FromMilliseconds(2), back.ToString("O"));
        Assert.Equal(2, await R.Expr(2).RunAsync<int>(connection));
    }
}
