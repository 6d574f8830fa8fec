using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RethinkDb.Testing.Evaluation;

/// <summary>
/// An RE2 pattern (what <c>match</c> takes on the server) as a .NET one: RE2's own syntax translated (<c>(?P&lt;n&gt;</c>,
/// <c>\Q…\E</c>, <c>[[:alpha:]]</c>, <c>\pL</c>, <c>\x{41}</c>, <c>\C</c>), and what RE2 refuses refused with its words
/// (lookaround, atomic groups, <c>(?&lt;n&gt;</c>, backreferences and escapes it lacks, possessive and doubled
/// repetitions, repetitions over 1,000), where .NET would run the pattern. Checked against a real 2.4.4. Other
/// malformed patterns are left to .NET, whose words differ.
/// </summary>
internal static class Re2Pattern
{
    /// <summary>The failure of an RE2 pattern: the portion RE2 names, and its message.</summary>
    public sealed class Error(string portion, string message) : Exception(message)
    {
        public string Portion { get; } = portion;
    }

    private const int MaxRepeat = 1000;

    // Escapes RE2 has (besides punctuation escaped as itself, \x, \p, \P, \Q and \C, handled on their own).
    private const string KnownEscapes = "dDsSwWbBAzafntrv0";

    private static readonly Dictionary<string, string> PosixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z", ["alpha"] = "A-Za-z", ["ascii"] = @"\x00-\x7F", ["blank"] = @"\t ",
        ["cntrl"] = @"\x00-\x1F\x7F", ["digit"] = "0-9", ["graph"] = @"!-~", ["lower"] = "a-z",
        ["print"] = @" -~", ["punct"] = @"!-/:-@\[-`{-~", ["space"] = @"\t\n\v\f\r ", ["upper"] = "A-Z",
        ["word"] = "0-9A-Za-z_", ["xdigit"] = "0-9A-Fa-f",
    };

    /// <exception cref="Error">RE2 refuses the pattern.</exception>
    public static string ToDotNet(string pattern)
    {
        var output = new StringBuilder(pattern.Length + 8);
        var inClass = false;
        var classStart = 0;
        var classEmpty = false; // no member yet: a "]" here is a member, not the end
        var depth = 0;
        var afterOperand = false; // whether a repetition here has something to repeat
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                i = Escape(pattern, i, output, inClass);
                afterOperand = true;
                classEmpty = false;
                continue;
            }
            if (inClass)
            {
                CheckRange(pattern, i);
                if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':' && pattern.IndexOf(":]", i + 2, StringComparison.Ordinal) is var end and > 0)
                {
                    var name = pattern[(i + 2)..end];
                    output.Append(PosixClasses.TryGetValue(name, out var members) ? members
                        : throw new Error($"[:{name}:]", $"invalid character class range: [:{name}:]"));
                    i = end + 1;
                    classEmpty = false;
                    continue;
                }
                inClass = c != ']' || classEmpty;
                classEmpty = false;
                output.Append(c);
                afterOperand = !inClass;
                continue;
            }
            switch (c)
            {
                case '[':
                    inClass = true;
                    classEmpty = true;
                    classStart = i;
                    output.Append(c);
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        output.Append('^');
                        i++;
                    }
                    break;
                case '(':
                    depth++;
                    afterOperand = false;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '?')
                    {
                        i = Group(pattern, i, output);
                    }
                    else
                    {
                        output.Append(c);
                    }
                    break;
                case ')':
                    if (--depth < 0)
                    {
                        throw new Error(pattern, $"unexpected ): {pattern}");
                    }
                    output.Append(c);
                    afterOperand = true;
                    break;
                case '|':
                    output.Append(c);
                    afterOperand = false;
                    break;
                case '*' or '+' or '?' when !afterOperand:
                    throw new Error(c.ToString(), $"no argument for repetition operator: {c}");
                case '*' or '+' or '?' or '{':
                    i = Repetition(pattern, i, output);
                    break;
                default:
                    output.Append(c);
                    afterOperand = true; // RE2 repeats anything, "^" and "$" included
                    break;
            }
        }
        if (inClass)
        {
            throw new Error(pattern[classStart..], $"missing ]: {pattern[classStart..]}");
        }
        if (depth > 0)
        {
            throw new Error(pattern, $"missing ): {pattern}");
        }
        return output.ToString();
    }

    /// <summary>In a class, a range <c>x-y</c> starting at <paramref name="at"/> whose ends are in reverse order.</summary>
    private static void CheckRange(string pattern, int at)
    {
        if (at + 2 < pattern.Length && pattern[at + 1] == '-' && pattern[at + 2] != ']' && pattern[at] is not ('[' or '\\')
            && pattern[at + 2] != '\\' && pattern[at + 2] < pattern[at])
        {
            throw new Error(pattern[at..(at + 3)], $"invalid character class range: {pattern[at..(at + 3)]}");
        }
    }

    /// <summary>An escape at <paramref name="at"/>; returns the index of its last character.</summary>
    private static int Escape(string pattern, int at, StringBuilder output, bool inClass)
    {
        if (at + 1 >= pattern.Length)
        {
            throw new Error("", "trailing \\");
        }
        var c = pattern[at + 1];
        switch (c)
        {
            case 'Q' when !inClass:
                var end = pattern.IndexOf("\\E", at + 2, StringComparison.Ordinal);
                var literal = end < 0 ? pattern[(at + 2)..] : pattern[(at + 2)..end];
                output.Append(Regex.Escape(literal));
                return end < 0 ? pattern.Length - 1 : end + 1;
            case 'C':
                output.Append(inClass ? @"\s\S" : @"[\s\S]");
                return at + 1;
            case 'p' or 'P' when at + 2 < pattern.Length && pattern[at + 2] != '{':
                output.Append('\\').Append(c).Append('{').Append(pattern[at + 2]).Append('}');
                return at + 2;
            case 'x' when at + 2 < pattern.Length && pattern[at + 2] == '{':
                var close = pattern.IndexOf('}', at + 3);
                if (close > 0 && int.TryParse(pattern.AsSpan(at + 3, close - at - 3), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var codePoint)
                    && codePoint is >= 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF))
                {
                    // In a class, Regex.Escape would leave "]" and "-" as they are: escaped as code units there.
                    output.Append(inClass
                        ? string.Concat(char.ConvertFromUtf32(codePoint).Select(unit => $"\\u{(int)unit:X4}"))
                        : Regex.Escape(char.ConvertFromUtf32(codePoint)));
                    return close;
                }
                break;
        }
        if (char.IsAsciiLetterOrDigit(c) && !KnownEscapes.Contains(c, StringComparison.Ordinal) && c is not ('x' or 'p' or 'P'))
        {
            throw new Error($"\\{c}", $"invalid escape sequence: \\{c}");
        }
        output.Append('\\').Append(c);
        return at + 1;
    }

    /// <summary>A group opening <c>(?</c> at <paramref name="at"/>; returns the index of the last character taken.</summary>
    private static int Group(string pattern, int at, StringBuilder output)
    {
        var rest = pattern.AsSpan(at + 2);
        if (rest.StartsWith("P<"))
        {
            output.Append("(?<");
            return at + 3;
        }
        // Flags, alone "(?i)" or on a group "(?i:" (RE2's i, m, s and "-" are .NET's too; its U, which .NET lacks, is
        // passed on and refused there with .NET's words).
        var flags = rest.IndexOfAnyExcept("imsU-");
        if (flags >= 0 && rest[flags] is ')' or ':')
        {
            output.Append("(?");
            return at + 1;
        }
        var portion = pattern.Substring(at, Math.Min(3, pattern.Length - at));
        throw new Error(portion, $"invalid perl operator: {portion}");
    }

    /// <summary>A repetition operator at <paramref name="at"/>; returns the index of its last character (a lazy ? included).</summary>
    private static int Repetition(string pattern, int at, StringBuilder output)
    {
        var end = OperatorEnd(pattern, at);
        if (end < 0)
        {
            output.Append('{'); // a brace that is no repetition is a literal to RE2
            return at;
        }
        if (pattern[at] == '{')
        {
            var bounds = pattern[(at + 1)..end].Split(',');
            if (bounds.Any(b => b.Length > 0 && (!int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > MaxRepeat)))
            {
                throw new Error(pattern[at..(end + 1)], $"invalid repetition size: {pattern[at..(end + 1)]}");
            }
        }
        var last = end;
        if (last + 1 < pattern.Length && pattern[last + 1] == '?')
        {
            last++; // lazy
        }
        else if (last + 1 < pattern.Length && OperatorEnd(pattern, last + 1) is var next and >= 0)
        {
            var portion = pattern[at..(next + 1)];
            throw new Error(portion, $"bad repetition operator: {portion}");
        }
        output.Append(pattern, at, last - at + 1);
        return last;
    }

    /// <summary>Where the repetition operator starting at <paramref name="at"/> ends, or -1 when none starts there.</summary>
    private static int OperatorEnd(string pattern, int at)
    {
        if (pattern[at] is '*' or '+' or '?')
        {
            return at;
        }
        if (pattern[at] != '{')
        {
            return -1;
        }
        var close = pattern.IndexOf('}', at + 1);
        if (close < 0)
        {
            return -1;
        }
        var inside = pattern.AsSpan(at + 1, close - at - 1);
        var comma = inside.IndexOf(',');
        var min = comma < 0 ? inside : inside[..comma];
        var max = comma < 0 ? [] : inside[(comma + 1)..];
        return min.Length > 0 && !min.ContainsAnyExceptInRange('0', '9') && !max.ContainsAnyExceptInRange('0', '9') ? close : -1;
    }
}
