using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation;

/// <content>Numbers: <c>mod</c>, <c>floor</c>/<c>ceil</c>/<c>round</c>, <c>bit_*</c>, <c>random</c>, <c>uuid</c>, <c>range</c>.</content>
internal sealed partial class QueryRun
{
    private const long MaxSafeInteger = 1L << 53;

    /// <summary>The namespace of <c>r.uuid(name)</c> (<c>base_key_id</c> in the server's uuid.cc).</summary>
    private static readonly Guid UuidNamespace = Guid.Parse("91461c99-f89d-49d2-af96-d8e2e14e9b58");

    private static void AddMathTerms(Dictionary<TermType, TermEvaluator> table)
    {
        table[TermType.Mod] = (r, a) => r.Modulo(a);
        table[TermType.Floor] = (r, a) => r.Made(Datum.NumberNode(Math.Floor(r.AsNumber(a[0]))));
        table[TermType.Ceil] = (r, a) => r.Made(Datum.NumberNode(Math.Ceiling(r.AsNumber(a[0]))));
        // std::round: halves away from zero.
        table[TermType.Round] = (r, a) => r.Made(Datum.NumberNode(Math.Round(r.AsNumber(a[0]), MidpointRounding.AwayFromZero)));
        table[TermType.BitAnd] = (r, a) => r.BitFold(a, (x, y) => x & y);
        table[TermType.BitOr] = (r, a) => r.BitFold(a, (x, y) => x | y);
        table[TermType.BitXor] = (r, a) => r.BitFold(a, (x, y) => x ^ y);
        table[TermType.BitNot] = (r, a) => r.Made(Datum.NumberNode(~r.BitOperand(a[0])));
        table[TermType.BitSal] = (r, a) => r.BitShift(a, left: true);
        table[TermType.BitSar] = (r, a) => r.BitShift(a, left: false);
        table[TermType.Random] = (r, a) => r.RandomNumber(a);
        table[TermType.Uuid] = (r, a) => r.Made(JsonValue.Create(a.Count == 0 ? Guid.NewGuid().ToString() : NameUuid(r.AsString(a[0])).ToString()));
        table[TermType.Range] = (r, a) => r.Range(a);
    }

    /// <summary>An integer argument, as <c>datum_t::as_int</c> (<c>checked_convert_to_int</c>).</summary>
    private long AsInteger(Value value) => Integer(AsNumber(value), value.Origin);

    /// <summary>
    /// An integer from a datum the term already holds (<c>as_datum().as_int()</c> in the term's code): its errors are
    /// reported at the term, as the server reports a datum's own errors, not at the argument.
    /// </summary>
    private long DatumInteger(JsonNode? node)
    {
        if (Datum.Kind(node) != System.Text.Json.JsonValueKind.Number)
        {
            throw TypedError(node, $"Expected type NUMBER but found {Datum.TypeName(node)}.");
        }
        return Integer(Datum.Number(node!), at: null);
    }

    /// <summary><c>checked_convert_to_int</c>: the number as an integer, or its error (at the term when
    /// <paramref name="at"/> is null).</summary>
    private long Integer(double number, object[]? at)
    {
        if (number >= -MaxSafeInteger && number <= MaxSafeInteger && number == Math.Floor(number))
        {
            return (long)number;
        }
        var range = number < -MaxSafeInteger ? " (<-2^53)" : number > MaxSafeInteger ? " (>2^53)" : "";
        throw LogicError($"Number not an integer{range}: {FormatG20(number)}", at);
    }

    /// <summary>printf's <c>%.20g</c>, the server's PR_RECONSTRUCTABLE_DOUBLE.</summary>
    internal static string FormatG20(double value)
    {
        var text = value.ToString("G20", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return text;
        }
        var exponent = int.Parse(text.AsSpan(e + 1), CultureInfo.InvariantCulture);
        return string.Concat(text.AsSpan(0, e), "e", exponent < 0 ? "-" : "+", Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
    }

    private DatumValue Modulo(Args args)
    {
        var dividend = AsInteger(args[0]);
        var divisor = AsInteger(args[1]);
        if (divisor == 0)
        {
            throw LogicError("Cannot take a number modulo 0.");
        }
        // C++'s % truncates toward zero and keeps the dividend's sign, as C#'s does.
        return Made(Datum.NumberNode(dividend % divisor));
    }

    private long BitOperand(Value value)
    {
        var number = AsInteger(value);
        return number >= -MaxSafeInteger && number < MaxSafeInteger
            ? number
            : throw LogicError($"Integer too large: {number}");
    }

    private DatumValue BitFold(Args args, Func<long, long, long> op)
    {
        var accumulator = BitOperand(args[0]);
        for (var i = 1; i < args.Count; i++)
        {
            accumulator = op(accumulator, BitOperand(args[i]));
        }
        return Made(Datum.NumberNode(accumulator));
    }

    private DatumValue BitShift(Args args, bool left)
    {
        var value = BitOperand(args[0]);
        var by = AsInteger(args[1]);
        if (by < 0)
        {
            throw LogicError("Cannot bit-shift by a negative value");
        }
        double result = left
            ? (by < 4096 ? value * Math.Pow(2, by) : value == 0 ? 0 : double.PositiveInfinity)
            : (by > 63 ? (value < 0 ? -1 : 0) : value >> (int)by);
        return Made(CheckFiniteNumber(result));
    }

    private JsonNode CheckFiniteNumber(double value) => double.IsFinite(value)
        ? Datum.NumberNode(value)
        : throw LogicError($"Non-finite number: {(double.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf")}");

    /// <summary><c>r.random()</c>: a float in [0, 1) without bounds or with <c>float: true</c>, else an integer.</summary>
    private DatumValue RandomNumber(Args args)
    {
        var useFloat = args.OptArg("float") is { } f ? AsBool(f) : args.Count == 0;
        if (useFloat)
        {
            double lower = 0, upper = 1;
            if (args.Count == 1)
            {
                upper = AsNumber(args[0]);
            }
            else if (args.Count == 2)
            {
                lower = AsNumber(args[0]);
                upper = AsNumber(args[1]);
            }
            var result = lower + (Random.Shared.NextDouble() * (upper - lower));
            if (upper > lower ? result >= upper : result <= upper)
            {
                result = lower;
            }
            return Made(Datum.NumberNode(result));
        }
        if (args.Count == 0)
        {
            throw LogicError("Generating a random integer requires one or two bounds.");
        }
        long low = 0;
        long high;
        if (args.Count == 1)
        {
            high = RandomBound(AsNumber(args[0]), "Upper");
        }
        else
        {
            low = RandomBound(AsNumber(args[0]), "Lower");
            high = RandomBound(AsNumber(args[1]), "Upper");
        }
        if (low >= high)
        {
            throw LogicError($"Lower bound ({low}) is not less than upper bound ({high}).");
        }
        return Made(Datum.NumberNode(Random.Shared.NextInt64(low, high)));
    }

    private long RandomBound(double bound, string which) =>
        bound >= -MaxSafeInteger && bound <= MaxSafeInteger && bound == Math.Floor(bound)
            ? (long)bound
            : throw LogicError($"{which} bound ({FormatG20(bound)}) could not be safely converted to an integer.");

    /// <summary>A name-based (version 5, SHA-1) UUID in the server's namespace, as <c>uuid_u::from_hash</c>.</summary>
    private static Guid NameUuid(string name)
    {
        var namespaceBytes = UuidNamespace.ToByteArray(bigEndian: true);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[namespaceBytes.Length + nameBytes.Length];
        namespaceBytes.CopyTo(input, 0);
        nameBytes.CopyTo(input, namespaceBytes.Length);
#pragma warning disable CA5350 // SHA-1 is what RFC 4122 version 5 UUIDs are defined with, not a security use
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary><c>r.range()</c> (endless), <c>r.range(stop)</c>, <c>r.range(start, stop)</c>: a stream of integers.</summary>
    private SequenceValue Range(Args args)
    {
        if (args.Count == 0)
        {
            return new SequenceValue(new EndlessRows(Naturals(), InfiniteStreamError()), null, isArray: false);
        }
        long start = 0;
        long stop;
        if (args.Count == 1)
        {
            stop = AsInteger(args[0]);
        }
        else
        {
            start = AsInteger(args[0]);
            stop = AsInteger(args[1]);
        }
        var rows = new List<JsonNode?>();
        for (var i = start; i < stop; i++)
        {
            if (rows.Count >= EndlessRows.MaterializeLimit)
            {
                throw LimitError($"The test server does not materialize more than {EndlessRows.MaterializeLimit} rows of a range.");
            }
            rows.Add(Datum.NumberNode(i));
        }
        return new SequenceValue(rows, null, isArray: false);

        static IEnumerable<JsonNode?> Naturals()
        {
            for (long i = 0; ; i++)
            {
                yield return Datum.NumberNode(i);
            }
        }
    }
}
