using System.Globalization;
using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// A plain value sent as JSON: a number, string, boolean, null, date, byte array, or an object serialized with
/// System.Text.Json.
/// </summary>
/// <remarks>
/// <para>Objects are serialized with the connection's <see cref="JsonSerializerOptions"/>; every JSON array in the
/// result, however deep, is sent as <c>MAKE_ARRAY</c> (<c>[2,[...]]</c>) so the server does not read it as a term.</para>
/// <para>Dates become the <c>TIME</c> pseudo-type and byte arrays the <c>BINARY</c> pseudo-type, at the top level and
/// as members of serialized objects alike (the driver's converters do the latter).</para>
/// </remarks>
public sealed class ReqlDatum : ReqlExpr
{
    private readonly object? _value;
    private readonly double _number;
    private readonly long _integer;
    private readonly Kind _kind;

    private enum Kind : byte { Null, Bool, Integer, Number, String, Time, Binary, Json }

    internal ReqlDatum(double number)
    {
        if (!double.IsFinite(number))
        {
            throw new ReqlDriverCompileError($"{number.ToString(CultureInfo.InvariantCulture)} is not a JSON number; RethinkDB accepts only finite numbers.");
        }
        _number = number;
        _kind = Kind.Number;
    }

    internal ReqlDatum(long integer)
    {
        _integer = integer;
        _kind = Kind.Integer;
    }

    internal ReqlDatum(bool value)
    {
        _integer = value ? 1 : 0;
        _kind = Kind.Bool;
    }

    internal ReqlDatum(string? value)
    {
        _value = value;
        _kind = value is null ? Kind.Null : Kind.String;
    }

    internal ReqlDatum(DateTimeOffset time)
    {
        _value = time;
        _kind = Kind.Time;
    }

    internal ReqlDatum(DateTime time)
    {
        _value = time;
        _kind = Kind.Time;
    }

    internal ReqlDatum(byte[] data)
    {
        _value = data;
        _kind = Kind.Binary;
    }

    /// <summary>A value serialized with System.Text.Json when the query is written.</summary>
    internal ReqlDatum(object value, bool serialized)
    {
        _value = value;
        _kind = serialized ? Kind.Json : throw new ArgumentException("Only serialized values take this constructor.", nameof(serialized));
    }

    /// <summary>The null datum.</summary>
    public static ReqlDatum Null { get; } = new((string?)null);

    /// <inheritdoc />
    public override TermType TermType => TermType.Datum;

    /// <summary>The CLR value the datum was made from (numbers as <see cref="long"/> or <see cref="double"/>).</summary>
    public object? Value => _kind switch
    {
        Kind.Integer => _integer,
        Kind.Number => _number,
        Kind.Bool => _integer != 0,
        _ => _value,
    };

    internal override bool HasImplicitVar => false;

    /// <summary>Whether the datum is written by System.Text.Json (an object) rather than as a JSON primitive.</summary>
    internal bool IsSerialized => _kind == Kind.Json;

    internal override void WriteTo(Utf8JsonWriter writer, JsonSerializerOptions options)
    {
        switch (_kind)
        {
            case Kind.Null:
                writer.WriteNullValue();
                break;
            case Kind.Bool:
                writer.WriteBooleanValue(_integer != 0);
                break;
            case Kind.Integer:
                writer.WriteNumberValue(_integer);
                break;
            case Kind.Number:
                WriteNumber(writer, _number);
                break;
            case Kind.String:
                writer.WriteStringValue((string)_value!);
                break;
            case Kind.Time when _value is DateTimeOffset offset:
                ReqlTime.Write(writer, offset);
                break;
            case Kind.Time:
                ReqlTime.Write(writer, (DateTime)_value!);
                break;
            case Kind.Binary:
                ReqlBinaryConverter.WriteBinary(writer, (byte[])_value!);
                break;
            default:
                DatumWriter.Write(writer, _value!, options);
                break;
        }
    }

    internal static void WriteNumber(Utf8JsonWriter writer, double number)
    {
        if (number == 0 && double.IsNegative(number))
        {
            // -0.0 as the integer 0 would lose its sign; "-0.0" (what the Python driver sends) is read as a double.
            writer.WriteRawValue("-0.0"u8, skipInputValidation: true);
        }
        else if (Math.Abs(number) < 9007199254740992d && number == Math.Floor(number))
        {
            // Integral values are written without a fraction ("1", not "1.0"), as the official drivers do.
            writer.WriteNumberValue((long)number);
        }
        else
        {
            writer.WriteNumberValue(number);
        }
    }
}
