using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation;

/// <summary>
/// RethinkDB's rules for JSON values (datums), as <c>src/rdb_protocol/datum.cc</c> of 2.4 has them: type names,
/// ordering across types, equality, truthiness and the pretty printing used in error messages.
/// </summary>
/// <remarks>JSON null is <see langword="null"/>; values are treated as immutable once built.</remarks>
internal static class Datum
{
    public const string ReqlType = "$reql_type$";

    public static readonly IComparer<JsonNode?> Comparer = Comparer<JsonNode?>.Create(Compare);

    public static JsonNode? Clone(JsonNode? node) => node?.DeepClone();

    /// <summary>
    /// A copy that can be added to a container. Always a copy: a node without a parent may still be a stored
    /// document, which must never be attached to a result.
    /// </summary>
    public static JsonNode? Own(JsonNode? node) => node?.DeepClone();

    public static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    public static bool IsObject(JsonNode? node) => node is JsonObject;

    public static string? PseudoType(JsonNode? node) =>
        node is JsonObject obj && obj.TryGetPropertyValue(ReqlType, out var type) && type?.GetValueKind() == JsonValueKind.String
            ? type.GetValue<string>()
            : null;

    /// <summary>The type name the server uses in messages (<c>get_type_name</c>).</summary>
    public static string TypeName(JsonNode? node) => PseudoType(node) is { } ptype
        ? $"PTYPE<{ptype}>"
        : Kind(node) switch
        {
            JsonValueKind.Null => "NULL",
            JsonValueKind.True or JsonValueKind.False => "BOOL",
            JsonValueKind.Number => "NUMBER",
            JsonValueKind.String => "STRING",
            JsonValueKind.Array => "ARRAY",
            _ => "OBJECT",
        };

    public static bool IsTruthy(JsonNode? node) => Kind(node) is not (JsonValueKind.Null or JsonValueKind.False);

    public static double Number(JsonNode node)
    {
        var value = (JsonValue)node;
        if (value.TryGetValue<double>(out var d))
        {
            return d;
        }
        if (value.TryGetValue<long>(out var l))
        {
            return l;
        }
        if (value.TryGetValue<int>(out var i))
        {
            return i;
        }
        return value.GetValue<JsonElement>().GetDouble();
    }

    public static string String(JsonNode node) => node.GetValue<string>();

    public static bool AreEqual(JsonNode? a, JsonNode? b) => Compare(a, b) == 0;

    /// <summary>
    /// Orders datums as the server does: by type name across types (ARRAY &lt; BOOL &lt; NULL &lt; NUMBER &lt; OBJECT &lt;
    /// PTYPE&lt;BINARY&gt; &lt; PTYPE&lt;TIME&gt; &lt; STRING), then by value; strings byte-wise as UTF-8, objects
    /// by their sorted key/value pairs, times by <c>epoch_time</c>.
    /// </summary>
    public static int Compare(JsonNode? a, JsonNode? b)
    {
        Nesting.EnsureStack();
        var ta = TypeName(a);
        var tb = TypeName(b);
        if (!string.Equals(ta, tb, StringComparison.Ordinal))
        {
            return string.CompareOrdinal(ta, tb) < 0 ? -1 : 1;
        }
        switch (ta)
        {
            case "NULL":
                return 0;
            case "BOOL":
                return a!.GetValue<bool>().CompareTo(b!.GetValue<bool>());
            case "NUMBER":
                return Number(a!).CompareTo(Number(b!));
            case "STRING":
                return CompareUtf8(String(a!), String(b!));
            case "ARRAY":
                var xa = (JsonArray)a!;
                var xb = (JsonArray)b!;
                for (var i = 0; i < xa.Count; i++)
                {
                    if (i >= xb.Count)
                    {
                        return 1;
                    }
                    var c = Compare(xa[i], xb[i]);
                    if (c != 0)
                    {
                        return c;
                    }
                }
                return xa.Count == xb.Count ? 0 : -1;
            case "PTYPE<TIME>":
                return Number(((JsonObject)a!)["epoch_time"]!).CompareTo(Number(((JsonObject)b!)["epoch_time"]!));
            case "PTYPE<BINARY>":
                return Binary.Bytes(a!).AsSpan().SequenceCompareTo(Binary.Bytes(b!));
            default:
                var pa = SortedPairs((JsonObject)a!);
                var pb = SortedPairs((JsonObject)b!);
                for (var i = 0; i < pa.Count && i < pb.Count; i++)
                {
                    var k = CompareUtf8(pa[i].Key, pb[i].Key);
                    if (k != 0)
                    {
                        return k;
                    }
                    var v = Compare(pa[i].Value, pb[i].Value);
                    if (v != 0)
                    {
                        return v;
                    }
                }
                return pa.Count.CompareTo(pb.Count);
        }
    }

    /// <summary>
    /// Byte-wise order of the strings' UTF-8 forms, without encoding them: UTF-8 order is code point order, which is
    /// UTF-16 code unit order except that surrogates (U+D800–U+DFFF, the halves of code points above U+FFFF) must sort
    /// after U+E000–U+FFFF. Keys are compared on every lookup, so this allocates nothing.
    /// </summary>
    private static int CompareUtf8(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        var i = a.AsSpan(0, length).CommonPrefixLength(b.AsSpan(0, length));
        if (i == length)
        {
            return a.Length.CompareTo(b.Length);
        }
        int x = a[i], y = b[i];
        if (x >= 0xD800 && y >= 0xD800)
        {
            x = x >= 0xE000 ? x - 0x800 : x + 0x2000;
            y = y >= 0xE000 ? y - 0x800 : y + 0x2000;
        }
        return x < y ? -1 : 1;
    }

    private static List<KeyValuePair<string, JsonNode?>> SortedPairs(JsonObject obj)
    {
        var pairs = obj.ToList();
        pairs.Sort((x, y) => CompareUtf8(x.Key, y.Key));
        return pairs;
    }

    /// <summary>A copy with every object's keys in the server's order (sorted byte-wise), as the server sends them.</summary>
    public static JsonNode? Normalize(JsonNode? node)
    {
        Nesting.EnsureStack();
        switch (node)
        {
            case JsonObject obj:
                var sorted = new JsonObject();
                foreach (var (key, value) in SortedPairs(obj))
                {
                    sorted[key] = Normalize(value);
                }
                return sorted;
            case JsonArray array:
                var copy = new JsonArray();
                foreach (var item in array)
                {
                    copy.Add(Normalize(item));
                }
                return copy;
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>
    /// Prints a datum as the server does in messages (<c>datum_t::print</c>: rapidjson's PrettyWriter indenting with
    /// one tab, keys sorted, integral numbers without a fraction).
    /// </summary>
    public static string Print(JsonNode? node)
    {
        var builder = new StringBuilder();
        Print(node, builder, 0);
        return builder.ToString();
    }

    /// <summary>A number, string or bool as the server's rapidjson writes it (compact or pretty alike).</summary>
    public static string PrintScalar(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Number => FormatNumber(Number(node)),
        JsonValueKind.String => RapidJsonText.Quote(String(node)),
        _ => node.ToJsonString(),
    };

    /// <summary>As <see cref="Print(JsonNode?)"/>, cut to 300 characters (<c>trunc_print</c>).</summary>
    public static string TruncPrint(JsonNode? node)
    {
        var text = Print(node);
        return text.Length > 300 ? string.Concat(text.AsSpan(0, 297), "...") : text;
    }

    private static void Print(JsonNode? node, StringBuilder builder, int depth)
    {
        Nesting.EnsureStack();
        switch (node)
        {
            case JsonObject obj when obj.Count == 0:
                builder.Append("{}");
                break;
            case JsonObject binary when Binary.Is(binary):
                builder.Append(Binary.Print(binary));
                break;
            case JsonObject obj:
                builder.Append("{\n");
                var first = true;
                foreach (var (key, value) in SortedPairs(obj))
                {
                    if (!first)
                    {
                        builder.Append(",\n");
                    }
                    first = false;
                    builder.Append('\t', depth + 1);
                    builder.Append(RapidJsonText.Quote(key));
                    // rapidjson's PrettyWriter with a tab indent, as the real server prints; a binary is written
                    // straight to its stream, after the colon but without the writer's tab.
                    builder.Append(Binary.Is(value) ? ":" : ":\t");
                    Print(value, builder, depth + 1);
                }
                builder.Append('\n').Append('\t', depth).Append('}');
                break;
            case JsonArray array when array.Count == 0:
                builder.Append("[]");
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }
                    // A binary goes straight to the writer's stream: no new line and indent before it.
                    if (!Binary.Is(array[i]))
                    {
                        builder.Append('\n').Append('\t', depth + 1);
                    }
                    Print(array[i], builder, depth + 1);
                }
                builder.Append('\n').Append('\t', depth).Append(']');
                break;
            case null:
                builder.Append("null");
                break;
            default:
                builder.Append(PrintScalar(node));
                break;
        }
    }

    /// <summary>
    /// Integral numbers (up to 2^53) print as integers; others as rapidjson writes a double: the shortest digits,
    /// as a decimal up to 21 digits before the point (<c>1e20</c> is <c>100000000000000000000.0</c>), otherwise with an
    /// exponent and no plus sign (<c>1e300</c>, <c>1.5e-7</c>); minus zero is <c>-0.0</c>.
    /// </summary>
    public static string FormatNumber(double value) =>
        Math.Abs(value) <= 9007199254740992d && value == Math.Floor(value) && !(value == 0 && double.IsNegative(value))
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : RapidJsonDouble(value);

    // rapidjson's Writer::WriteDouble: Grisu's digits (the shortest round trip) laid out by its Prettify.
    private static string RapidJsonDouble(double value)
    {
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }
        var sign = value < 0 ? "-" : "";
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        // The digits of the shortest form, and kk: the value is 0.digits × 10^kk.
        var mantissa = shortest;
        var exponent = 0;
        var e = shortest.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            mantissa = shortest[..e];
            exponent = int.Parse(shortest.AsSpan(e + 1), CultureInfo.InvariantCulture);
        }
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = point < 0 ? mantissa.Length : point;
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        var kk = integerDigits - leading + exponent;
        var length = digits.Length;
        var k = kk - length;
        string body;
        if (k >= 0 && kk <= 21)
        {
            body = digits + new string('0', k) + ".0";
        }
        else if (kk > 0 && kk <= 21)
        {
            body = string.Concat(digits.AsSpan(0, kk), ".", digits.AsSpan(kk));
        }
        else if (kk > -6 && kk <= 0)
        {
            body = "0." + new string('0', -kk) + digits;
        }
        else
        {
            body = (length == 1 ? digits : string.Concat(digits.AsSpan(0, 1), ".", digits.AsSpan(1)))
                + "e" + (kk - 1).ToString(CultureInfo.InvariantCulture);
        }
        return sign + body;
    }

    // rdb_protocol::MAX_PRIMARY_KEY_SIZE: the key as the server stores it, a string's UTF-8 after a one-byte tag.
    private const int MaxPrimaryKeySize = 128;

    // A binary key's stored form: its bytes after an eight-byte prefix (measured on 2.4.4: 120 bytes pass, 121 do not).
    private const int BinaryKeyPrefix = 8;

    /// <summary>
    /// Whether a string or binary key is longer than the server stores (datum_t::print_primary: 127 bytes of UTF-8, or
    /// 120 bytes of binary). Other keys are not checked (a number's stored form is short; an array of long strings may
    /// still pass here).
    /// </summary>
    public static bool IsTooLongKey(JsonNode? key) =>
        Kind(key) == JsonValueKind.String
            ? System.Text.Encoding.UTF8.GetByteCount(String(key!)) + 1 > MaxPrimaryKeySize
            : Binary.Is(key) && Binary.Bytes(key!).Length + BinaryKeyPrefix > MaxPrimaryKeySize;

    /// <summary>The server's error for a key <see cref="IsTooLongKey"/>.</summary>
    public static string TooLongKeyMessage(JsonNode key) =>
        $"Primary key too long (max {MaxPrimaryKeySize - 1} characters): {Print(key)}";

    /// <summary>A number node; the writer prints integral doubles without a fraction, as the server does.</summary>
    public static JsonNode NumberNode(double value) => JsonValue.Create(value);
}
