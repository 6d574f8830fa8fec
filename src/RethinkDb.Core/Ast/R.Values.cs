using RethinkDb.Protocol;

namespace RethinkDb;

// Constants, times, geometry, and the prefix forms of logic and aggregation commands (r.and(a, b), r.sum(seq)).
public static partial class R
{
    /// <summary>The smallest value (<c>r.minval</c>), for open lower bounds of BETWEEN.</summary>
    public static ReqlTerm MinVal { get; } = Term(TermType.Minval);

    /// <summary>The largest value (<c>r.maxval</c>), for open upper bounds of BETWEEN.</summary>
    public static ReqlTerm MaxVal { get; } = Term(TermType.Maxval);

    /// <summary><c>r.monday</c>, the value DAY_OF_WEEK gives Mondays (1).</summary>
    public static ReqlTerm Monday { get; } = Term(TermType.Monday);

    /// <summary><c>r.tuesday</c> (2).</summary>
    public static ReqlTerm Tuesday { get; } = Term(TermType.Tuesday);

    /// <summary><c>r.wednesday</c> (3).</summary>
    public static ReqlTerm Wednesday { get; } = Term(TermType.Wednesday);

    /// <summary><c>r.thursday</c> (4).</summary>
    public static ReqlTerm Thursday { get; } = Term(TermType.Thursday);

    /// <summary><c>r.friday</c> (5).</summary>
    public static ReqlTerm Friday { get; } = Term(TermType.Friday);

    /// <summary><c>r.saturday</c> (6).</summary>
    public static ReqlTerm Saturday { get; } = Term(TermType.Saturday);

    /// <summary><c>r.sunday</c> (7).</summary>
    public static ReqlTerm Sunday { get; } = Term(TermType.Sunday);

    /// <summary><c>r.january</c>, the value MONTH gives in January (1).</summary>
    public static ReqlTerm January { get; } = Term(TermType.January);

    /// <summary><c>r.february</c> (2).</summary>
    public static ReqlTerm February { get; } = Term(TermType.February);

    /// <summary><c>r.march</c> (3).</summary>
    public static ReqlTerm March { get; } = Term(TermType.March);

    /// <summary><c>r.april</c> (4).</summary>
    public static ReqlTerm April { get; } = Term(TermType.April);

    /// <summary><c>r.may</c> (5).</summary>
    public static ReqlTerm May { get; } = Term(TermType.May);

    /// <summary><c>r.june</c> (6).</summary>
    public static ReqlTerm June { get; } = Term(TermType.June);

    /// <summary><c>r.july</c> (7).</summary>
    public static ReqlTerm July { get; } = Term(TermType.July);

    /// <summary><c>r.august</c> (8).</summary>
    public static ReqlTerm August { get; } = Term(TermType.August);

    /// <summary><c>r.september</c> (9).</summary>
    public static ReqlTerm September { get; } = Term(TermType.September);

    /// <summary><c>r.october</c> (10).</summary>
    public static ReqlTerm October { get; } = Term(TermType.October);

    /// <summary><c>r.november</c> (11).</summary>
    public static ReqlTerm November { get; } = Term(TermType.November);

    /// <summary><c>r.december</c> (12).</summary>
    public static ReqlTerm December { get; } = Term(TermType.December);

    /// <summary>The time the query started on the server (<c>r.now</c>).</summary>
    public static ReqlTerm Now() => Term(TermType.Now);

    /// <summary>
    /// A time from its parts (<c>r.time</c>): year, month, day, [hour, minute, second,] timezone such as
    /// <c>"Z"</c> or <c>"+02:00"</c>.
    /// </summary>
    public static ReqlTerm Time(params object?[] parts) => new(TermType.Time, ExprAll(parts));

    /// <summary>A time from seconds since the Unix epoch (<c>r.epochTime</c>).</summary>
    public static ReqlTerm EpochTime(object seconds) => Term(TermType.EpochTime, seconds);

    /// <summary>A time parsed from an ISO 8601 string (<c>r.ISO8601</c>); optarg: <c>default_timezone</c>.</summary>
    public static ReqlTerm Iso8601(object text) => Term(TermType.Iso8601, text);

    /// <summary>A point from longitude and latitude (<c>r.point</c>).</summary>
    public static ReqlTerm Point(object longitude, object latitude) => Term(TermType.Point, longitude, latitude);

    /// <summary>A line through points or <c>[longitude, latitude]</c> pairs (<c>r.line</c>).</summary>
    public static ReqlTerm Line(params object?[] points) => new(TermType.Line, ExprAll(points));

    /// <summary>A polygon through points or <c>[longitude, latitude]</c> pairs (<c>r.polygon</c>).</summary>
    public static ReqlTerm Polygon(params object?[] points) => new(TermType.Polygon, ExprAll(points));

    /// <summary>A circle approximated by a polygon (<c>r.circle</c>); optargs: <c>num_vertices</c>,
    /// <c>geo_system</c>, <c>unit</c>, <c>fill</c>.</summary>
    public static ReqlTerm Circle(object center, object radius) => Term(TermType.Circle, center, radius);

    /// <summary>A geometry from a GeoJSON object (<c>r.geojson</c>).</summary>
    public static ReqlTerm GeoJson(object geoJson) => Term(TermType.Geojson, geoJson);

    /// <summary>The distance between two geometries (<c>r.distance</c>); optargs: <c>geo_system</c>, <c>unit</c>.</summary>
    public static ReqlTerm Distance(object geometry1, object geometry2) => Term(TermType.Distance, geometry1, geometry2);

    /// <summary>Whether two geometries intersect (<c>r.intersects</c>).</summary>
    public static ReqlTerm Intersects(object geometry1, object geometry2) => Term(TermType.Intersects, geometry1, geometry2);

    /// <summary>Logical and of the values (<c>r.and</c>); true without any.</summary>
    public static ReqlTerm And(params object?[] values) => new(TermType.And, ExprAll(values));

    /// <summary>Logical or of the values (<c>r.or</c>); false without any.</summary>
    public static ReqlTerm Or(params object?[] values) => new(TermType.Or, ExprAll(values));

    /// <summary>Logical negation (<c>r.not</c>).</summary>
    public static ReqlTerm Not(object? value) => Term(TermType.Not, value);

    /// <summary>The type of a value as a string such as <c>"NUMBER"</c> (<c>r.typeOf</c>).</summary>
    public static ReqlTerm TypeOf(object? value) => Term(TermType.TypeOf, value);

    /// <summary>Information about a value (<c>r.info</c>).</summary>
    public static ReqlTerm Info(object? value) => Term(TermType.Info, value);

    /// <summary>Rounds down (<c>r.floor</c>).</summary>
    public static ReqlTerm Floor(object number) => Term(TermType.Floor, number);

    /// <summary>Rounds up (<c>r.ceil</c>).</summary>
    public static ReqlTerm Ceil(object number) => Term(TermType.Ceil, number);

    /// <summary>Rounds to the nearest integer (<c>r.round</c>).</summary>
    public static ReqlTerm Round(object number) => Term(TermType.Round, number);

    /// <summary>Maps a function over a sequence, or over several in step (<c>r.map(seq1, seq2, function)</c>).</summary>
    /// <param name="sequencesAndFunction">The sequences, then the function (a lambda or an expression using <see cref="Row"/>).</param>
    public static ReqlTerm Map(params object?[] sequencesAndFunction)
    {
        var all = ExprAll(sequencesAndFunction);
        if (all.Length < 2)
        {
            throw new ReqlDriverCompileError("R.Map needs at least one sequence and a function.");
        }
        all[^1] = ReqlLambda.Wrap(all[^1]);
        return new(TermType.Map, all);
    }

    /// <summary>Maps <paramref name="function"/> over <paramref name="sequence"/> (<c>r.map(seq, function)</c>).</summary>
    public static ReqlTerm Map(object sequence, Func<ReqlExpr, ReqlExpr> function) => Expr(sequence).Map(function);

    /// <summary>Maps <paramref name="function"/> over two sequences in step (<c>r.map(seq1, seq2, function)</c>).</summary>
    public static ReqlTerm Map(object sequence1, object sequence2, Func<ReqlExpr, ReqlExpr, ReqlExpr> function) =>
        Expr(sequence1).Map(sequence2, function);

    /// <summary>The union of sequences (<c>r.union</c>); optarg: <c>interleave</c>.</summary>
    public static ReqlTerm Union(params object?[] sequences) => new(TermType.Union, ExprAll(sequences));

    /// <summary>Number of elements, or of those equal to a value or matching a predicate (<c>r.count(seq, ...)</c>).</summary>
    public static ReqlTerm Count(object sequence, params object?[] predicate) => new(TermType.Count, [Expr(sequence), .. ExprAllWrapped(predicate)]);

    /// <summary>Sum of a sequence, or of a field or function of its elements (<c>r.sum(seq, ...)</c>).</summary>
    public static ReqlTerm Sum(object sequence, params object?[] field) => new(TermType.Sum, [Expr(sequence), .. ExprAllWrapped(field)]);

    /// <summary>Average of a sequence, or of a field or function of its elements (<c>r.avg(seq, ...)</c>).</summary>
    public static ReqlTerm Avg(object sequence, params object?[] field) => new(TermType.Avg, [Expr(sequence), .. ExprAllWrapped(field)]);

    /// <summary>Smallest element, or the one with the smallest field or function value (<c>r.min(seq, ...)</c>).</summary>
    public static ReqlTerm Min(object sequence, params object?[] field) => new(TermType.Min, [Expr(sequence), .. ExprAllWrapped(field)]);

    /// <summary>Largest element, or the one with the largest field or function value (<c>r.max(seq, ...)</c>).</summary>
    public static ReqlTerm Max(object sequence, params object?[] field) => new(TermType.Max, [Expr(sequence), .. ExprAllWrapped(field)]);

    /// <summary>The distinct elements of a sequence (<c>r.distinct</c>).</summary>
    public static ReqlTerm Distinct(object sequence) => Term(TermType.Distinct, sequence);

    /// <summary>Whether a sequence contains all the values, or elements matching the predicates (<c>r.contains</c>).</summary>
    public static ReqlTerm Contains(object sequence, params object?[] values) => new(TermType.Contains, [Expr(sequence), .. ExprAllWrapped(values)]);

    /// <summary>Groups a sequence by fields or functions (<c>r.group</c>); optargs: <c>index</c>, <c>multi</c>.</summary>
    public static ReqlTerm Group(object sequence, params object?[] fields) => new(TermType.Group, [Expr(sequence), .. ExprAllWrapped(fields)]);

    /// <summary>Reduces a sequence with a two-parameter function (<c>r.reduce</c>).</summary>
    public static ReqlTerm Reduce(object sequence, Func<ReqlExpr, ReqlExpr, ReqlExpr> function) => Expr(sequence).Reduce(function);

    /// <summary>Reduces a sequence with a function given as a value: a FUNC term built once, or <see cref="Js(object)"/>
    /// (<c>r.reduce</c>).</summary>
    public static ReqlTerm Reduce(object sequence, object function) => Expr(sequence).Reduce(function);
}
