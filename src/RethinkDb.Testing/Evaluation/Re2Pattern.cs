using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RethinkDb.Testing.Evaluation;

/// <summary>
/// An RE2 pattern (what <c>match</c> takes on the server) as a .NET one: RE2's own syntax translated (<c>(?P&lt;n&gt;</c>,
/// <c>\Q…\E</c>, <c>[[:alpha:]]</c> and <c>[[:^alpha:]]</c>, <c>\pL</c> and <c>\p{Greek}</c> (<see cref="Re2UnicodeClass"/>), <c>\x{41}</c>,
/// <c>\C</c>, the ungreedy flag <c>(?U)</c>),
/// and what RE2 refuses refused with its words
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

    // RE2's POSIX classes, ASCII only as in RE2, as inclusive ranges in ascending order.
    private static readonly Dictionary<string, (char First, char Last)[]> PosixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = [('0', '9'), ('A', 'Z'), ('a', 'z')], ["alpha"] = [('A', 'Z'), ('a', 'z')], ["ascii"] = [('\0', '\x7F')],
        ["blank"] = [('\t', '\t'), (' ', ' ')], ["cntrl"] = [('\0', '\x1F'), ('\x7F', '\x7F')], ["digit"] = [('0', '9')],
        ["graph"] = [('!', '~')], ["lower"] = [('a', 'z')], ["print"] = [(' ', '~')],
        ["punct"] = [('!', '/'), (':', '@'), ('[', '`'), ('{', '~')], ["space"] = [('\t', '\r'), (' ', ' ')], ["upper"] = [('A', 'Z')],
        ["word"] = [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')], ["xdigit"] = [('0', '9'), ('A', 'F'), ('a', 'f')],
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
        var ungreedy = false; // RE2's U flag: x* is lazy and x*? greedy, up to the end of the group that set it
        var outerUngreedy = new Stack<bool>(); // the flag outside each open group, back in force at its ")"
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
                    AppendPosixClass(pattern[(i + 2)..end], output);
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
                    afterOperand = false;
                    var inside = ungreedy;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '?')
                    {
                        i = Group(pattern, i, output, ref inside, out var opensGroup);
                        if (!opensGroup)
                        {
                            ungreedy = inside; // "(?U)": in force up to the end of the enclosing group
                            break;
                        }
                    }
                    else
                    {
                        output.Append(c);
                    }
                    depth++;
                    outerUngreedy.Push(ungreedy);
                    ungreedy = inside;
                    break;
                case ')':
                    if (--depth < 0)
                    {
                        throw new Error(pattern, $"unexpected ): {pattern}");
                    }
                    output.Append(c);
                    ungreedy = outerUngreedy.Pop();
                    afterOperand = true;
                    break;
                case '|':
                    output.Append(c);
                    afterOperand = false;
                    break;
                case '*' or '+' or '?' when !afterOperand:
                    throw new Error(c.ToString(), $"no argument for repetition operator: {c}");
                case '*' or '+' or '?' or '{':
                    i = Repetition(pattern, i, output, ungreedy);
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
            case 'p' or 'P':
                return Re2UnicodeClass.Append(pattern, at, output, inClass);
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

    /// <summary>
    /// A group opening <c>(?</c> at <paramref name="at"/>; returns the index of the last character taken. Flags alone,
    /// <c>(?i)</c>, open no group (<paramref name="opensGroup"/> false): they hold to the end of the enclosing one.
    /// <paramref name="ungreedy"/> is RE2's U flag, as it stood before the group and, on return, as its flags leave it.
    /// </summary>
    private static int Group(string pattern, int at, StringBuilder output, ref bool ungreedy, out bool opensGroup)
    {
        opensGroup = true;
        if (pattern.AsSpan(at + 2).StartsWith("P<"))
        {
            return NamedGroup(pattern, at, output);
        }
        // Flags, alone "(?i)" or on a group "(?i:", read as RE2 reads them. Its i, m and s are .NET's too; its U
        // (ungreedy), which .NET lacks, is applied by the caller to the repetitions it covers.
        var set = new StringBuilder();
        var cleared = new StringBuilder();
        var negated = false;
        var sawFlag = false;
        for (var i = at + 2; ; i++)
        {
            if (i >= pattern.Length)
            {
                throw BadPerlOperator(pattern[at..]);
            }
            switch (pattern[i])
            {
                case 'i' or 'm' or 's' or 'U' when !negated:
                    sawFlag = true;
                    AddFlag(pattern[i], set, ref ungreedy, value: true);
                    break;
                case 'i' or 'm' or 's' or 'U':
                    sawFlag = true;
                    AddFlag(pattern[i], cleared, ref ungreedy, value: false);
                    break;
                case '-' when !negated:
                    negated = true;
                    sawFlag = false; // "(?-)" and "(?i-:" negate nothing: refused
                    break;
                case ':' or ')' when !negated || sawFlag:
                    opensGroup = pattern[i] == ':';
                    if (set.Length + cleared.Length > 0 || opensGroup)
                    {
                        output.Append("(?").Append(set);
                        if (cleared.Length > 0)
                        {
                            output.Append('-').Append(cleared);
                        }
                        output.Append(pattern[i]);
                    }
                    return i;
                default:
                    var last = char.IsHighSurrogate(pattern[i]) && i + 1 < pattern.Length ? i + 1 : i;
                    throw BadPerlOperator(pattern[at..(last + 1)]);
            }
        }

        static void AddFlag(char flag, StringBuilder flags, ref bool ungreedy, bool value)
        {
            if (flag == 'U')
            {
                ungreedy = value;
            }
            else
            {
                flags.Append(flag);
            }
        }
    }

    /// <summary>
    /// A named group <c>(?P&lt;name&gt;</c> at <paramref name="at"/>; returns the index of its <c>&gt;</c>. It opens a
    /// plain group: <c>match</c> reports groups by position only, RE2 numbers named and unnamed groups in the order
    /// they open and lets two share a name, while .NET numbers named groups after the unnamed ones and merges
    /// groups of the same name.
    /// </summary>
    private static int NamedGroup(string pattern, int at, StringBuilder output)
    {
        var end = pattern.IndexOf('>', at + 4);
        if (end < 0)
        {
            throw BadNamedCapture(pattern[at..]);
        }
        var name = pattern.AsSpan((at + 4)..end);
        if (name.IsEmpty || !IsCaptureName(name))
        {
            throw BadNamedCapture(pattern[at..(end + 1)]);
        }
        output.Append('(');
        return end;
    }

    /// <summary>
    /// RE2's rule (as of the RE2 the server is built with): letters, combining marks, decimal and letter numbers and
    /// connector punctuation, a digit first included. Older RE2 releases took only <c>[0-9A-Za-z_]</c>.
    /// </summary>
    private static bool IsCaptureName(ReadOnlySpan<char> name)
    {
        foreach (var rune in name.EnumerateRunes())
        {
            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                    or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber
                    or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                    or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation:
                    continue;
                default:
                    return false;
            }
        }
        return true;
    }

    private static Error BadNamedCapture(string portion) => new(portion, $"invalid named capture group: {portion}");

    private static Error BadPerlOperator(string portion) => new(portion, $"invalid perl operator: {portion}");

    /// <summary>A POSIX class <c>[:name:]</c> or <c>[:^name:]</c> inside a class, as .NET class members.</summary>
    private static void AppendPosixClass(string name, StringBuilder output)
    {
        var negated = name.StartsWith('^');
        if (!PosixClasses.TryGetValue(negated ? name[1..] : name, out var ranges))
        {
            throw new Error($"[:{name}:]", $"invalid character class range: [:{name}:]");
        }
        var members = ranges.Select(r => ((int)r.First, (int)r.Last));
        // .NET has no class complement inside a class (only a subtraction at its end): the complement's ranges.
        Re2UnicodeClass.AppendClassMembers(negated ? Re2UnicodeClass.Complement(members, char.MaxValue) : members, output);
    }

    /// <summary>
    /// A repetition operator at <paramref name="at"/>; returns the index of its last character (a lazy ? included).
    /// Under RE2's U flag (<paramref name="ungreedy"/>) one written greedy is lazy, and one written lazy greedy.
    /// </summary>
    private static int Repetition(string pattern, int at, StringBuilder output, bool ungreedy)
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
        var lazy = last + 1 < pattern.Length && pattern[last + 1] == '?';
        if (lazy)
        {
            last++;
        }
        else if (last + 1 < pattern.Length && OperatorEnd(pattern, last + 1) is var next and >= 0)
        {
            var portion = pattern[at..(next + 1)];
            throw new Error(portion, $"bad repetition operator: {portion}");
        }
        output.Append(pattern, at, end - at + 1);
        if (lazy != ungreedy)
        {
            output.Append('?');
        }
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
