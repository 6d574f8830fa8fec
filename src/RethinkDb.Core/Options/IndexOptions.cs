using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>The <c>index</c> optarg: of <c>getAll</c>, <c>orderBy</c>, <c>distinct</c>, <c>min</c>, <c>max</c> and
/// <c>getIntersecting</c>.</summary>
/// <example><code>R.Table("heroes").GetAll(new IndexOptions { Index = "team" }, "avengers")
/// R.Table&lt;Hero&gt;("heroes").OrderBy(IndexOptions.Desc("name"))   // orderBy({index: r.desc("name")})</code></example>
public sealed class IndexOptions : ReqlOptArgs
{
    /// <summary><c>index</c>: the secondary index to use (the primary key when null).</summary>
    public string? Index { get; init; }

    /// <summary>Whether <c>orderBy</c> reads the index in descending order (sent as <c>index: r.desc(name)</c>; only
    /// <c>orderBy</c> accepts it).</summary>
    public bool Descending { get; init; }

    /// <summary>Options that use <paramref name="index"/>.</summary>
    public static IndexOptions Of(string index) => new() { Index = index };

    /// <summary>Options that order by <paramref name="index"/>, descending (<c>orderBy({index: r.desc(index)})</c>).</summary>
    public static IndexOptions Desc(string index) => new() { Index = index, Descending = true };

    private protected override void Collect(OptArgCollector into) =>
        into.Add("index", Descending && Index is { } index ? new ReqlTerm(TermType.Desc, [new ReqlDatum(index)]) : Index);
}
