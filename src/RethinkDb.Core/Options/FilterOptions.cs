namespace RethinkDb;

/// <summary>The optional arguments of <c>filter</c>.</summary>
public sealed class FilterOptions : ReqlOptArgs
{
    /// <summary><c>default</c>: the predicate's value for a document that lacks a field it reads: true keeps such
    /// documents, false (the server's default) drops them, <c>R.Error()</c> fails the query.</summary>
    public object? Default { get; init; }

    private protected override void Collect(OptArgCollector into) => into.Add("default", Default);
}
