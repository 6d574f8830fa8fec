using System.Globalization;
using System.Text;

namespace RethinkDb.Testing.Evaluation;

/// <summary>
/// RE2's Unicode classes <c>\pL</c>, <c>\p{Greek}</c>, <c>\P{Lu}</c>, <c>\p{^Greek}</c> as .NET pattern text. RE2 takes
/// general categories (the names .NET takes too, less <c>Cn</c>), <c>Any</c> and the scripts (which .NET lacks: its
/// <c>\p{IsGreek}</c> is a block, not the script), case-sensitively, and refuses every other name with "invalid
/// character class range". Outside a class a script matches whole code points, surrogate pairs included; inside one
/// only the Basic Multilingual Plane's, as .NET classes hold UTF-16 units.
/// </summary>
internal static class Re2UnicodeClass
{
    private const int MaxCodePoint = 0x10FFFF;

    private static readonly HashSet<string> Categories = new(StringComparer.Ordinal)
    {
        "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No",
        "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs",
    };

    /// <summary>
    /// The class whose <c>\p</c> or <c>\P</c> is at <paramref name="at"/>, appended to <paramref name="output"/>;
    /// returns the index of its last character.
    /// </summary>
    /// <exception cref="Re2Pattern.Error">RE2 does not know the name, or the braces are not closed.</exception>
    public static int Append(string pattern, int at, StringBuilder output, bool inClass)
    {
        var negated = pattern[at + 1] == 'P';
        string name;
        int last;
        if (at + 2 >= pattern.Length)
        {
            throw Invalid(pattern[at..]);
        }
        if (pattern[at + 2] == '{')
        {
            last = pattern.IndexOf('}', at + 3);
            if (last < 0)
            {
                throw Invalid(pattern[at..]);
            }
            name = pattern[(at + 3)..last];
        }
        else
        {
            last = at + 2;
            name = pattern[last].ToString();
        }
        if (name.StartsWith('^'))
        {
            negated = !negated;
            name = name[1..];
        }

        if (name == "Any")
        {
            // Everything, or nothing: as a class member, nothing adds nothing.
            output.Append(inClass ? (negated ? "" : @"\s\S") : (negated ? "(?!)" : @"(?:[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S])"));
        }
        else if (Categories.Contains(name))
        {
            output.Append('\\').Append(negated ? 'P' : 'p').Append('{').Append(name).Append('}');
        }
        else if (UnicodeScripts.TryGet(name, out var ranges))
        {
            AppendCodePoints(negated ? Complement(ranges, MaxCodePoint) : [.. ranges], output, inClass);
        }
        else
        {
            throw Invalid(pattern[at..(last + 1)]);
        }
        return last;
    }

    /// <summary>
    /// The complement of <paramref name="ranges"/> (inclusive, ascending, not overlapping) within 0–<paramref name="max"/>.
    /// </summary>
    public static List<(int First, int Last)> Complement(IEnumerable<(int First, int Last)> ranges, int max)
    {
        var complement = new List<(int First, int Last)>();
        var next = 0;
        foreach (var (first, last) in ranges)
        {
            if (first > next)
            {
                complement.Add((next, first - 1));
            }
            next = Math.Max(next, last + 1);
        }
        if (next <= max)
        {
            complement.Add((next, max));
        }
        return complement;
    }

    /// <summary>Code point ranges below U+10000 as .NET class members (<c>\uXXXX-\uXXXX</c>).</summary>
    public static void AppendClassMembers(IEnumerable<(int First, int Last)> ranges, StringBuilder output)
    {
        foreach (var (first, last) in ranges)
        {
            output.Append(CultureInfo.InvariantCulture, $"\\u{first:X4}-\\u{last:X4}");
        }
    }

    private static void AppendCodePoints(List<(int First, int Last)> ranges, StringBuilder output, bool inClass)
    {
        // Surrogates stand for nothing on their own: a code point above U+FFFF is a pair of them.
        var basic = ranges.Where(r => r.First <= 0xFFFF)
            .SelectMany(r => Split(r.First, Math.Min(r.Last, 0xFFFF)))
            .ToList();
        if (inClass)
        {
            AppendClassMembers(basic, output);
            return;
        }
        var alternatives = new List<string>();
        if (basic.Count > 0)
        {
            var members = new StringBuilder("[");
            AppendClassMembers(basic, members);
            alternatives.Add(members.Append(']').ToString());
        }
        foreach (var (first, last) in ranges.Where(r => r.Last > 0xFFFF))
        {
            AppendSurrogatePairs(Math.Max(first, 0x10000), last, alternatives);
        }
        output.Append(alternatives.Count switch
        {
            0 => "(?!)",
            1 => alternatives[0],
            _ => "(?:" + string.Join('|', alternatives) + ")",
        });
    }

    /// <summary>A range with the surrogates (U+D800–U+DFFF) taken out.</summary>
    private static IEnumerable<(int First, int Last)> Split(int first, int last)
    {
        if (last < 0xD800 || first > 0xDFFF)
        {
            yield return (first, last);
            yield break;
        }
        if (first < 0xD800)
        {
            yield return (first, 0xD7FF);
        }
        if (last > 0xDFFF)
        {
            yield return (0xE000, last);
        }
    }

    /// <summary>Code points <paramref name="first"/>–<paramref name="last"/> (above U+FFFF) as UTF-16 pair patterns.</summary>
    private static void AppendSurrogatePairs(int first, int last, List<string> alternatives)
    {
        var (firstHigh, firstLow) = Units(first);
        var (lastHigh, lastLow) = Units(last);
        if (firstHigh == lastHigh)
        {
            alternatives.Add(Pair(firstHigh, firstHigh, firstLow, lastLow));
            return;
        }
        alternatives.Add(Pair(firstHigh, firstHigh, firstLow, 0xDFFF));
        if (lastHigh - firstHigh > 1)
        {
            alternatives.Add(Pair(firstHigh + 1, lastHigh - 1, 0xDC00, 0xDFFF));
        }
        alternatives.Add(Pair(lastHigh, lastHigh, 0xDC00, lastLow));

        static (int High, int Low) Units(int codePoint) =>
            (0xD800 + ((codePoint - 0x10000) >> 10), 0xDC00 + ((codePoint - 0x10000) & 0x3FF));

        static string Pair(int highFirst, int highLast, int lowFirst, int lowLast) =>
            string.Create(CultureInfo.InvariantCulture, $"[\\u{highFirst:X4}-\\u{highLast:X4}][\\u{lowFirst:X4}-\\u{lowLast:X4}]");
    }

    private static Re2Pattern.Error Invalid(string portion) => new(portion, $"invalid character class range: {portion}");
}
