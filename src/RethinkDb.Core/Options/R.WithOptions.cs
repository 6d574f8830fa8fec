namespace RethinkDb;

// The top-level commands' overloads that take typed optional arguments (ReqlOptArgs).
public static partial class R
{
    /// <summary>The table <paramref name="name"/> (<c>r.table</c>) with typed optargs.</summary>
    /// <example><code>R.Table("heroes", new TableOptions { ReadMode = ReadMode.Outdated })</code></example>
    public static ReqlTerm Table(object name, TableOptions options) => With(Table(name), options);

    /// <summary>Creates a table in the default database (<c>r.tableCreate</c>) with typed optargs.</summary>
    public static ReqlTerm TableCreate(object name, TableCreateOptions options) => With(TableCreate(name), options);

    /// <summary>Evaluates JavaScript on the server (<c>r.js</c>) with typed optargs.</summary>
    public static ReqlTerm Js(object code, JsOptions options) => With(Js(code), options);

    /// <summary>Fetches a URL (<c>r.http</c>) with typed optargs.</summary>
    public static ReqlTerm Http(object url, HttpOptions options) => With(Http(url), options);

    /// <summary>A random number (<c>r.random</c>) with typed optargs: <c>R.Random(new RandomOptions { Float = true }, 0, 1)</c>.</summary>
    public static ReqlTerm Random(RandomOptions options, params object?[] bounds) => With(Random(bounds), options);

    /// <summary>A time parsed from ISO 8601 text (<c>r.ISO8601</c>) with typed optargs.</summary>
    public static ReqlTerm Iso8601(object text, Iso8601Options options) => With(Iso8601(text), options);

    /// <summary>A circle (<c>r.circle</c>) with typed optargs.</summary>
    public static ReqlTerm Circle(object center, object radius, CircleOptions options) => With(Circle(center, radius), options);

    /// <summary>The distance between two geometries (<c>r.distance</c>) with typed optargs.</summary>
    public static ReqlTerm Distance(object geometry1, object geometry2, GeoOptions options) => With(Distance(geometry1, geometry2), options);

    /// <summary>The sequences one after another (<c>r.union</c>) with typed optargs.</summary>
    public static ReqlTerm Union(UnionOptions options, params object?[] sequences) => With(Union(sequences), options);

    private static ReqlTerm With(ReqlTerm term, ReqlOptArgs options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ApplyTo(term);
    }
}
