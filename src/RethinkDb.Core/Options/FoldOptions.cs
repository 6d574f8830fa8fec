namespace RethinkDb;

/// <summary>The optional arguments of <c>fold</c>.</summary>
public sealed class FoldOptions : ReqlOptArgs
{
    /// <summary><c>emit</c>: <c>(accumulator, element, next) =&gt; array</c>, the values emitted at each step (then
    /// fold returns a sequence).</summary>
    public Func<ReqlExpr, ReqlExpr, ReqlExpr, ReqlExpr>? Emit { get; init; }

    /// <summary><c>final_emit</c>: <c>accumulator =&gt; array</c>, the values emitted at the end (with <see cref="Emit"/>).</summary>
    public Func<ReqlExpr, ReqlExpr>? FinalEmit { get; init; }

    private protected override void Collect(OptArgCollector into)
    {
        into.Add("emit", Emit);
        into.Add("final_emit", FinalEmit);
    }
}
