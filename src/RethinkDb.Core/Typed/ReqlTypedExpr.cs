using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// A ReQL expression that knows the CLR type of its result: the base of the typed query API
/// (<see cref="ReqlTable{T}"/>, <see cref="ReqlSequence{T}"/>, <see cref="ReqlSingle{T}"/>...). It is sent exactly as
/// the untyped expression it wraps, and can be used wherever an expression is expected.
/// </summary>
public abstract class ReqlTypedExpr : ReqlExpr
{
    private protected ReqlTypedExpr(ReqlExpr term) => Term = term;

    /// <summary>The untyped expression, for the commands the typed API does not have.</summary>
    public ReqlExpr Term { get; }

    /// <inheritdoc />
    public sealed override TermType TermType => Term.TermType;

    internal sealed override bool HasImplicitVar => Term.HasImplicitVar;

    internal sealed override void WriteTo(Utf8JsonWriter writer, JsonSerializerOptions options) => Term.WriteTo(writer, options);

    /// <summary>The optional argument <paramref name="name"/> added to the outermost term (the escape hatch for
    /// optargs the typed API does not model).</summary>
    private protected ReqlTerm WithOptArg(string name, object? value) => Term is ReqlTerm term
        ? term.OptArg(name, value)
        : throw new ReqlDriverCompileError("Optional arguments can only be added to a term, not to a value.");

    /// <summary>A function translated from a typed lambda.</summary>
    private protected static ReqlExpr Lambda(System.Linq.Expressions.LambdaExpression lambda) => LambdaTranslator.Function(lambda);

    /// <summary>A key selector as ReQL sends it: a field name when it is one member (<c>h =&gt; h.Team</c> is
    /// <c>"team"</c>, as the official drivers write <c>group("team")</c>), otherwise a function.</summary>
    private protected static ReqlExpr Key(System.Linq.Expressions.LambdaExpression selector) =>
        (ReqlExpr?)LambdaTranslator.SimpleField(selector) ?? LambdaTranslator.Function(selector);
}
