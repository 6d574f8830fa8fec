namespace RethinkDb;

/// <summary>The optional arguments of <c>indexCreate</c>.</summary>
public sealed class IndexCreateOptions : ReqlOptArgs
{
    /// <summary><c>multi</c>: index each element of an array value separately.</summary>
    public bool? Multi { get; init; }

    /// <summary><c>geo</c>: a geospatial index (for <c>getIntersecting</c> and <c>getNearest</c>).</summary>
    public bool? Geo { get; init; }

    private protected override void Collect(OptArgCollector into)
    {
        into.Add("multi", Multi);
        into.Add("geo", Geo);
    }
}
