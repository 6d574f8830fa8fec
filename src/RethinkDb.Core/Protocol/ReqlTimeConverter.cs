using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RethinkDb.Protocol;

/// <summary>
/// The <c>TIME</c> pseudo-type: <c>{"$reql_type$":"TIME","epoch_time":&lt;seconds&gt;,"timezone":"+HH:MM"}</c>.
/// </summary>
/// <remarks>
/// Written with the full precision of a <see cref="double"/> of seconds; read back rounded to the microsecond, which is
/// all a double of seconds since 1970 still holds. A <see cref="DateTime"/> of kind Unspecified is taken as UTC (as
/// System.Text.Json does when it writes one without offset); Local is converted to UTC.
/// </remarks>
internal static class ReqlTime
{
    internal static ReadOnlySpan<byte> TypeKey => "$reql_type$"u8;

    private static ReadOnlySpan<byte> EpochTimeKey => "epoch_time"u8;

    private static ReadOnlySpan<byte> TimezoneKey => "timezone"u8;

    /// <summary>The epoch time of 10000-01-01T00:00:00Z: the first instant .NET's dates cannot hold.</summary>
    private const double EndOfYear9999 = 253402300800d;

    /// <summary>9999-12-31T23:59:59.999Z, the last instant the server's millisecond rounding keeps in year 9999.</summary>
    private const double LastMillisecondOfYear9999 = 253402300799.999d;

    private static readonly long MaxTicksSinceEpoch = DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks;

    private static readonly long MinTicksSinceEpoch = -DateTime.UnixEpoch.Ticks;

    public static void Write(Utf8JsonWriter writer, DateTime value)
    {
        var utc = value.Kind switch
        {
            DateTimeKind.Local => value.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
            _ => value,
        };
        WriteCore(writer, utc.Ticks - DateTime.UnixEpoch.Ticks, TimeSpan.Zero);
    }

    public static void Write(Utf8JsonWriter writer, DateTimeOffset value) =>
        WriteCore(writer, value.UtcTicks - DateTime.UnixEpoch.Ticks, value.Offset);

    private static void WriteCore(Utf8JsonWriter writer, long ticksSinceEpoch, TimeSpan offset)
    {
        writer.WriteStartObject();
        writer.WriteString(TypeKey, "TIME"u8);
        // Whole seconds plus the fraction, so the double loses as little as it can.
        var seconds = Math.DivRem(ticksSinceEpoch, TimeSpan.TicksPerSecond, out var fraction);
        var epoch = seconds + (fraction / (double)TimeSpan.TicksPerSecond);
        if (epoch > LastMillisecondOfYear9999)
        {
            // The server keeps times to the millisecond (pseudo_time.cc rounds epoch_time to 1/1000), and a double
            // near year 9999 holds seconds only to ~30 µs: the last instants (DateTimeOffset.MaxValue is
            // 23:59:59.9999999) would round up into year 10000, which no DateTime can read back. The last
            // millisecond keeps them in range.
            epoch = LastMillisecondOfYear9999;
        }
        writer.WriteNumber(EpochTimeKey, epoch);
        Span<char> zone = stackalloc char[6];
        FormatOffset(offset, zone);
        writer.WriteString(TimezoneKey, zone);
        writer.WriteEndObject();
    }

    /// <summary>Writes <paramref name="offset"/> as <c>+HH:MM</c> or <c>-HH:MM</c> into six characters.</summary>
    private static void FormatOffset(TimeSpan offset, Span<char> destination)
    {
        var minutes = (int)Math.Round(offset.TotalMinutes);
        destination[0] = minutes < 0 ? '-' : '+';
        minutes = Math.Abs(minutes);
        var hours = minutes / 60;
        minutes %= 60;
        destination[1] = (char)('0' + (hours / 10));
        destination[2] = (char)('0' + (hours % 10));
        destination[3] = ':';
        destination[4] = (char)('0' + (minutes / 10));
        destination[5] = (char)('0' + (minutes % 10));
    }

    /// <summary>Reads a TIME object (the reader is on its start), or an ISO 8601 string.</summary>
    /// <exception cref="JsonException">The value is not a TIME, or is outside the years 0001 to 9999 that .NET's
    /// dates hold (the server's times reach further); the message names the value.</exception>
    public static DateTimeOffset Read(ref Utf8JsonReader reader)
    {
        try
        {
            return ReadCore(ref reader);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            // A member of the wrong JSON type, a number a double cannot hold, a timezone .NET refuses: the result
            // cannot be read as a date, which is the documented JsonException (the serializer adds the path).
            throw new JsonException($"A TIME value could not be read as a date: {ex.Message}", ex);
        }
    }

    private static DateTimeOffset ReadCore(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            // Documents written by other drivers or tools may hold times as ISO 8601 strings.
            return reader.GetDateTimeOffset();
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a TIME pseudo-type object, found {reader.TokenType}.");
        }
        double? epochTime = null;
        TimeSpan offset = TimeSpan.Zero;
        string? zone = null;
        string? type = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(TypeKey))
            {
                reader.Read();
                type = reader.GetString();
            }
            else if (reader.ValueTextEquals(EpochTimeKey))
            {
                reader.Read();
                epochTime = reader.GetDouble();
            }
            else if (reader.ValueTextEquals(TimezoneKey))
            {
                reader.Read();
                zone = reader.GetString();
                offset = ParseOffset(zone);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (type != "TIME" || epochTime is not { } epoch)
        {
            throw new JsonException("Expected a TIME pseudo-type object with $reql_type$ \"TIME\" and epoch_time.");
        }
        if (!(epoch >= MinTicksSinceEpoch / (double)TimeSpan.TicksPerSecond && epoch < EndOfYear9999))
        {
            throw OutOfRange(epoch, zone);
        }
        var seconds = Math.Floor(epoch);
        var microseconds = Math.Round((epoch - seconds) * 1_000_000d);
        // Rounding to the microsecond may step past 9999-12-31T23:59:59.9999999: that is still the last instant.
        var ticks = Math.Min(MaxTicksSinceEpoch,
            (long)seconds * TimeSpan.TicksPerSecond + (long)microseconds * TimeSpan.TicksPerMicrosecond);
        var utc = new DateTimeOffset(DateTime.UnixEpoch.Ticks + ticks, TimeSpan.Zero);
        var local = utc.UtcTicks + offset.Ticks;
        if (local < DateTime.MinValue.Ticks || local > DateTime.MaxValue.Ticks)
        {
            // The instant fits, but not its local time in the value's timezone.
            throw OutOfRange(epoch, zone);
        }
        return utc.ToOffset(offset);
    }

    private static JsonException OutOfRange(double epoch, string? zone) => new(
        $"The TIME value with epoch_time {epoch.ToString("R", CultureInfo.InvariantCulture)} (timezone " +
        $"{zone ?? "+00:00"}) is outside the range of .NET's DateTimeOffset and DateTime (years 0001 to 9999); " +
        "read it as JsonElement, or with RunOptions.TimeFormat = \"raw\", to get the number of seconds.");

    private static TimeSpan ParseOffset(string? zone)
    {
        if (string.IsNullOrEmpty(zone) || zone is "Z" or "z")
        {
            return TimeSpan.Zero;
        }
        var negative = zone[0] == '-';
        var digits = zone[0] is '+' or '-' ? zone.AsSpan(1) : zone.AsSpan();
        // "+HH:MM", "+HHMM" or "+HH".
        var hours = int.Parse(digits[..2], NumberStyles.None, CultureInfo.InvariantCulture);
        var rest = digits[2..].TrimStart(':');
        var minutes = rest.IsEmpty ? 0 : int.Parse(rest, NumberStyles.None, CultureInfo.InvariantCulture);
        var offset = new TimeSpan(hours, minutes, 0);
        return negative ? -offset : offset;
    }
}

/// <summary>Reads and writes <see cref="DateTime"/> as the <c>TIME</c> pseudo-type (read as UTC).</summary>
internal sealed class ReqlDateTimeConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReqlTime.Read(ref reader).UtcDateTime;

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        ReqlTime.Write(writer, value);
}

/// <summary>Reads and writes <see cref="DateTimeOffset"/> as the <c>TIME</c> pseudo-type, keeping its offset.</summary>
internal sealed class ReqlDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReqlTime.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        ReqlTime.Write(writer, value);
}
