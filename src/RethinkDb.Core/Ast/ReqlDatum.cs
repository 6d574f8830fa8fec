using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// A plain value sent as JSON: numbers, strings, booleans, null, and objects serialized with System.Text.Json.
/// </summary>
/// <remarks>
/// Arrays and collections are not datums on the wire (the server would read a JSON array as a term);
/// <see cref="R.Expr(object?)"/> turns them into <c>MAKE_ARRAY</c>.
/// </remarks>
public sealed class ReqlDatum : ReqlExpr
{
    private readonly object? _value;
    private readonly double _number;
    private readonly Kind _kind;

    private enum Kind : byte { Null, Bool, Number, String, Object }

    internal ReqlDatum(double number)
    {
        _number = number;
        _kind = Kind.Number;
    }

    internal ReqlDatum(bool value)
    {
        _number = value ? 1 : 0;
        _kind = Kind.Bool;
    }

    internal ReqlDatum(string? value)
    {
        _value = value;
        _kind = value is null ? Kind.Null : Kind.String;
    }

    internal ReqlDatum(object? value, bool isObject)
    {
        _value = value;
        _kind = value is null ? Kind.Null : isObject ? Kind.Object : Kind.String;
    }

    /// <summary>The null datum.</summary>
    public static ReqlDatum Null { get; } = new((string?)null);

    /// <inheritdoc />
    public override TermType TermType => TermType.Datum;

    /// <summary>The CLR value the datum was made from.</summary>
    public object? Value => _kind switch
    {
        Kind.Number => _number,
        Kind.Bool => _number != 0,
        _ => _value,
    };

    internal override void WriteTo(Utf8JsonWriter writer, JsonSerializerOptions options)
    {
        switch (_kind)
        {
            case Kind.Null:
                writer.WriteNullValue();
                break;
            case Kind.Bool:
                writer.WriteBooleanValue(_number != 0);
                break;
            case Kind.Number:
                WriteNumber(writer, _number);
                break;
            case Kind.String:
                writer.WriteStringValue((string)_value!);
                break;
            default:
                var info = options.GetTypeInfo(_value!.GetType());
                JsonSerializer.Serialize(writer, _value, info);
                break;
        }
    }

    internal static void WriteNumber(Utf8JsonWriter writer, double number)
    {
        // Integral values are written without a fraction ("1", not "1.0"), as the official drivers do.
        if (Math.Abs(number) < 9007199254740992d && number == Math.Floor(number))
        {
            writer.WriteNumberValue((long)number);
        }
        else if (double.IsFinite(number))
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            throw new ReqlDriverCompileError($"{number} is not a JSON number; RethinkDB accepts only finite numbers.");
        }
    }
}
