namespace RethinkDb;

/// <summary>The optional arguments of <c>r.random</c>.</summary>
public sealed class RandomOptions : ReqlOptArgs
{
    /// <summary><c>float</c>: a floating-point number instead of an integer.</summary>
    public bool? Float { get; init; }

    private protected override void Collect(OptArgCollector into) => into.Add("float", Float);
}
