using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RethinkDb.Testing.Evaluation;

/// <content>
/// Strings: <c>split</c> (the server's UTF-8 aware split: by whitespace, by a delimiter, into characters, with a
/// maximum), <c>upcase</c>/<c>downcase</c> (ASCII only, as the server's <c>toupper</c>), and <c>match</c> (RE2
/// patterns run with .NET's regex engine: offsets in UTF-8 bytes as the server reports them).
/// </content>
internal sealed partial class QueryRun
{
    /// <summary>The Unicode White_Space ranges the server splits on (<c>whitespace_ranges</c> in string.cc).</summary>
    private static readonly (int Low, int High)[] WhitespaceRanges =
        [(9, 13), (32, 32), (133, 133), (160, 160), (5760, 5760), (8192, 8202), (8232, 8233), (8239, 8239), (8287, 8287), (12288, 12288)];

    private static void AddStringTerms(Dictionary<TermType, TermEvaluator> table)
    {
        table[TermType.Split] = (r, a) => r.Split(a);
        table[TermType.Upcase] = (r, a) => r.Made(JsonValue.Create(ChangeAsciiCase(r.AsString(a[0]), upper: true)));
        table[TermType.Downcase] = (r, a) => r.Made(JsonValue.Create(ChangeAsciiCase(r.AsString(a[0]), upper: false)));
        table[TermType.Match] = (r, a) => r.Match(a);
    }

    private static string ChangeAsciiCase(string text, bool upper) => string.Create(text.Length, text, (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            span[i] = upper ? (c is >= 'a' and <= 'z' ? (char)(c - 32) : c) : (c is >= 'A' and <= 'Z' ? (char)(c + 32) : c);
        }
    });

    private static bool IsWhitespace(Rune rune) => WhitespaceRanges.Any(r => rune.Value >= r.Low && rune.Value <= r.High);

    private static bool IsCombining(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.NonSpacingMark
            or System.Globalization.UnicodeCategory.SpacingCombiningMark or System.Globalization.UnicodeCategory.EnclosingMark;

    private DatumValue Split(Args args)
    {
        var text = AsString(args[0]);
        string? delimiter = null;
        if (args.Count > 1)
        {
            // A null delimiter means "split on whitespace", as no delimiter.
            // The server reads the delimiter from the datum itself: a wrong type is blamed on split, not on it.
            var separator = AsDatum(args[1]);
            delimiter = separator is null ? null
                : Datum.Kind(separator) == JsonValueKind.String ? Datum.String(separator)
                : throw TypedError(separator, $"Expected type STRING but found {Datum.TypeName(separator)}.");
        }
        long max = -1;
        if (args.Count > 2)
        {
            max = AsInteger(args[2]);
            if (max < -1 || max > _arrayLimit - 1)
            {
                throw LogicError($"Error: `split` size argument must be in range [-1, {_arrayLimit - 1}].");
            }
        }
        var maxCount = max < 0 ? long.MaxValue : max;
        var runes = text.EnumerateRunes().ToArray();
        var parts = new List<string>();
        var current = 0;
        string Piece(int from, int to) => string.Concat(runes[from..to].Select(r => r.ToString()));
        int FindRune(int from, Func<Rune, bool> predicate)
        {
            while (from < runes.Length && !predicate(runes[from]))
            {
                from++;
            }
            return from;
        }
        var delimiterRunes = delimiter?.EnumerateRunes().ToArray();
        int FindDelimiter(int from)
        {
            for (var i = from; i + delimiterRunes!.Length <= runes.Length; i++)
            {
                if (runes.AsSpan(i, delimiterRunes.Length).SequenceEqual(delimiterRunes))
                {
                    return i;
                }
            }
            return runes.Length;
        }
        while (true)
        {
            if (parts.Count == maxCount)
            {
                if (delimiter is not null)
                {
                    if (delimiter.Length > 0 || current != runes.Length)
                    {
                        parts.Add(Piece(current, runes.Length));
                    }
                }
                else
                {
                    var start = FindRune(current, r => !IsWhitespace(r));
                    if (start != runes.Length)
                    {
                        parts.Add(Piece(start, runes.Length));
                    }
                }
                break;
            }
            if (delimiter is { Length: 0 })
            {
                // Into characters, each with the combining marks that follow it.
                var next = Math.Min(current + 1, runes.Length);
                var withCombining = FindRune(next, r => !IsCombining(r));
                if (current != withCombining)
                {
                    parts.Add(Piece(current, withCombining));
                }
                current = withCombining;
                if (current == runes.Length)
                {
                    break;
                }
            }
            else if (delimiter is not null)
            {
                var next = FindDelimiter(current);
                parts.Add(Piece(current, next));
                if (next == runes.Length)
                {
                    break;
                }
                current = next + delimiterRunes!.Length;
            }
            else
            {
                var next = FindRune(current, IsWhitespace);
                if (next == runes.Length)
                {
                    var start = FindRune(current, r => !IsWhitespace(r));
                    if (start != runes.Length)
                    {
                        parts.Add(Piece(start, runes.Length));
                    }
                    break;
                }
                if (current != next)
                {
                    parts.Add(Piece(current, next));
                }
                current = next + 1;
            }
        }
        CheckArrayLimit(parts.Count);
        return Made(new JsonArray([.. parts.Select(p => (JsonNode?)JsonValue.Create(p))]));
    }

    private DatumValue Match(Args args)
    {
        var text = AsString(args[0]);
        var pattern = AsString(args[1]);
        Regex regex;
        try
        {
            regex = new Regex(Re2Pattern.ToDotNet(pattern), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));
        }
        catch (Re2Pattern.Error e)
        {
            throw LogicError($"Error in regexp `{pattern}` (portion `{e.Portion}`): {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw LogicError($"Error in regexp `{pattern}` (portion `{pattern}`): {e.Message}");
        }
        var match = regex.Match(text);
        if (!match.Success)
        {
            return Made(null);
        }
        int Bytes(int utf16Index) => Encoding.UTF8.GetByteCount(text.AsSpan(0, utf16Index));
        var groups = new JsonArray();
        for (var i = 1; i < match.Groups.Count; i++)
        {
            var group = match.Groups[i];
            groups.Add(group.Success
                ? (JsonNode)new JsonObject { ["end"] = Bytes(group.Index + group.Length), ["start"] = Bytes(group.Index), ["str"] = group.Value }
                : null);
        }
        return Made(new JsonObject
        {
            ["end"] = Bytes(match.Index + match.Length),
            ["groups"] = groups,
            ["start"] = Bytes(match.Index),
            ["str"] = match.Value,
        });
    }
}
