using System.Globalization;
using System.Text;

namespace RethinkDb.Testing.Evaluation;

/// <summary>
/// Text as a JSON string the way the server's rapidjson writer quotes it (in <c>to_json_string</c>, <c>coerce_to</c>
/// and the values printed in error messages): quotes, backslashes and control characters escaped, everything else
/// (U+007F, U+00A0, U+2028, U+FEFF, private-use characters…) as it is. .NET's relaxed encoder escapes some of those.
/// </summary>
internal static class RapidJsonText
{
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                '\b' => builder.Append("\\b"),
                '\f' => builder.Append("\\f"),
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                < ' ' => builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }
        return builder.Append('"').ToString();
    }
}
