using System.Collections.Concurrent;
using System.Globalization;

namespace RethinkDb.Testing.Evaluation;

/// <summary>Looks a script up by name, reading its ranges from the generated table once.</summary>
internal static partial class UnicodeScripts
{
    private static readonly ConcurrentDictionary<string, (int First, int Last)[]> Parsed = new(StringComparer.Ordinal);

    /// <summary>The script's code points as inclusive, ascending ranges; false for a name that is not a script's.</summary>
    public static bool TryGet(string name, out (int First, int Last)[] ranges)
    {
        if (!Ranges.TryGetValue(name, out var text))
        {
            ranges = [];
            return false;
        }
        ranges = Parsed.GetOrAdd(name, static (_, text) => [.. text.Split(',').Select(Range)], text);
        return true;
    }

    private static (int First, int Last) Range(string text)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? (Hex(text), Hex(text)) : (Hex(text[..dash]), Hex(text[(dash + 1)..]));

        static int Hex(string digits) => int.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }
}
