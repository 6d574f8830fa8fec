using System.Collections.Frozen;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>How a term is printed in ReQL form.</summary>
internal enum PrintStyle
{
    /// <summary><c>receiver.name(args)</c>: the first argument is the receiver.</summary>
    Method,

    /// <summary><c>r.name(args)</c>.</summary>
    TopLevel,

    /// <summary><c>r.name</c>, without parentheses.</summary>
    Constant,

    /// <summary><c>db.name(args)</c> when the first argument is a database, else <c>r.name(args)</c>.</summary>
    DbOptional,

    /// <summary>A form of its own (arrays, functions, variables, brackets, FUNCALL).</summary>
    Special,
}

/// <summary>
/// The ReQL name of every term type, as the JavaScript driver spells it (<c>getAll</c>, <c>ISO8601</c>), and how the
/// printer shows it. The C# method of a term is the same name in PascalCase (with a few exceptions such as
/// <c>Js</c> and <c>GeoJson</c>; the coverage tests list them).
/// </summary>
internal static class TermInfo
{
    private static readonly FrozenDictionary<TermType, (string Name, PrintStyle Style)> Table = Build();

    /// <summary>The term types the driver never sends: obsolete (BETWEEN_DEPRECATED) or implicit (DATUM is plain JSON).</summary>
    public static IReadOnlySet<TermType> NotSent { get; } = new HashSet<TermType> { TermType.BetweenDeprecated, TermType.Datum };

    public static string Name(TermType type) => Table.TryGetValue(type, out var info) ? info.Name : type.ToString();

    public static PrintStyle Style(TermType type) => Table.TryGetValue(type, out var info) ? info.Style : PrintStyle.Method;

    private static FrozenDictionary<TermType, (string, PrintStyle)> Build()
    {
        var table = new Dictionary<TermType, (string, PrintStyle)>();
        foreach (var type in Enum.GetValues<TermType>())
        {
            var name = type.ToString();
            table[type] = (char.ToLowerInvariant(name[0]) + name[1..], PrintStyle.Method);
        }
        // Names the camel-casing does not give.
        table[TermType.Javascript] = ("js", PrintStyle.TopLevel);
        table[TermType.Iso8601] = ("ISO8601", PrintStyle.TopLevel);
        table[TermType.ToIso8601] = ("toISO8601", PrintStyle.Method);
        table[TermType.Funcall] = ("do", PrintStyle.Special);
        foreach (var type in (ReadOnlySpan<TermType>)[
            TermType.Db, TermType.Http, TermType.Json, TermType.Binary, TermType.Args, TermType.Error, TermType.Random,
            TermType.Range, TermType.DbCreate, TermType.DbDrop, TermType.DbList, TermType.Branch, TermType.Asc,
            TermType.Desc, TermType.Literal, TermType.EpochTime, TermType.Now, TermType.Time, TermType.Geojson,
            TermType.Point, TermType.Line, TermType.Polygon, TermType.Circle, TermType.Uuid, TermType.Object])
        {
            table[type] = (table[type].Item1, PrintStyle.TopLevel);
        }
        foreach (var type in (ReadOnlySpan<TermType>)[
            TermType.Table, TermType.TableCreate, TermType.TableDrop, TermType.TableList, TermType.Grant])
        {
            table[type] = (table[type].Item1, PrintStyle.DbOptional);
        }
        foreach (var type in (ReadOnlySpan<TermType>)[
            TermType.Monday, TermType.Tuesday, TermType.Wednesday, TermType.Thursday, TermType.Friday, TermType.Saturday,
            TermType.Sunday, TermType.January, TermType.February, TermType.March, TermType.April, TermType.May,
            TermType.June, TermType.July, TermType.August, TermType.September, TermType.October, TermType.November,
            TermType.December, TermType.Minval, TermType.Maxval])
        {
            table[type] = (table[type].Item1, PrintStyle.Constant);
        }
        foreach (var type in (ReadOnlySpan<TermType>)[
            TermType.Datum, TermType.MakeArray, TermType.MakeObj, TermType.Var, TermType.ImplicitVar, TermType.Func,
            TermType.Bracket])
        {
            table[type] = (table[type].Item1, PrintStyle.Special);
        }
        return table.ToFrozenDictionary();
    }
}
