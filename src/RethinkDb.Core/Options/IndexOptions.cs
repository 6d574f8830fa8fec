namespace RethinkDb;

/// <summary>The <c>index</c> optarg: of <c>getAll</c>, <c>orderBy</c>, <c>distinct</c>, <c>min</c>, <c>max</c> and
/// <c>getIntersecting</c>.</summary>
/// <example><code>R.Table("heroes").GetAll(new IndexOptions { Index = "team" }, "avengers")</code></example>
public sealed class IndexOptions : ReqlOptArgs
{
    /// <summary><c>index</c>: the secondary index to use (the primary key when null).</summary>
    public string? Index { get; init; }

    /// <summary>Options that use <paramref name="index"/>.</summary>
    public static IndexOptions Of(string index) => new() { Index = index };

    private protected override void Collect(OptArgCollector into) => into.Add("index", Index);
}
