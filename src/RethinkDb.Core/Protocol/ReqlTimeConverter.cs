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
        writer.WriteNumber(EpochTimeKey, seconds + (fraction / (double)TimeSpan.TicksPerSecond));
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
    public static DateTimeOffset Read(ref Utf8JsonReader reader)
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
                offset = ParseOffset(reader.GetString());
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
        var seconds = Math.Floor(epoch);
        var microseconds = Math.Round((epoch - seconds) * 1_000_000d);
        var ticks = checked((long)seconds * TimeSpan.TicksPerSecond + (long)microseconds * TimeSpan.TicksPerMicrosecond);
        return new DateTimeOffset(DateTime.UnixEpoch.Ticks + ticks, TimeSpan.Zero).ToOffset(offset);
    }

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
