namespace RethinkDb;

/// <summary>The optional arguments of <c>indexRename</c>.</summary>
public sealed class IndexRenameOptions : ReqlOptArgs
{
    /// <summary><c>overwrite</c>: replace an index that already has the new name.</summary>
    public bool? Overwrite { get; init; }

    private protected override void Collect(OptArgCollector into) => into.Add("overwrite", Overwrite);
}
