using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// A term with positional arguments and optional arguments: <c>[TermType, [args...], {optargs}]</c> on the wire.
/// </summary>
/// <remarks>
/// Terms are immutable. <see cref="OptArg(string, object?)"/> returns a new term with the optional argument added,
/// which is the one way to pass optional arguments:
/// <c>R.Table("heroes").Insert(hero).OptArg("conflict", "replace").OptArg("return_changes", true)</c>.
/// </remarks>
public sealed class ReqlTerm : ReqlExpr
{
    private static readonly KeyValuePair<string, ReqlExpr>[] NoOptArgs = [];

    private readonly ReqlExpr[] _args;
    private readonly KeyValuePair<string, ReqlExpr>[] _optArgs;
    private readonly bool _hasImplicitVar;

    /// <summary>Creates a term from expressions; this is how terms the driver has no method for can still be sent.</summary>
    /// <param name="termType">The term type.</param>
    /// <param name="args">The positional arguments (copied).</param>
    /// <param name="optArgs">The optional arguments by wire name (copied), or null.</param>
    public ReqlTerm(TermType termType, IEnumerable<ReqlExpr> args, IEnumerable<KeyValuePair<string, ReqlExpr>>? optArgs = null)
        : this(termType, CopyArgs(args), optArgs is null ? NoOptArgs : CopyOptArgs(optArgs))
    {
    }

    /// <summary>Creates a term that owns <paramref name="args"/> (the driver's own builders pass fresh arrays).</summary>
    internal ReqlTerm(TermType termType, ReqlExpr[] args) : this(termType, args, NoOptArgs)
    {
    }

    private ReqlTerm(TermType termType, ReqlExpr[] args, KeyValuePair<string, ReqlExpr>[] optArgs)
    {
        TermType = termType;
        _args = args;
        _optArgs = optArgs;
        _hasImplicitVar = termType == TermType.ImplicitVar
            || Array.Exists(args, static a => a.HasImplicitVar)
            || Array.Exists(optArgs, static o => o.Value.HasImplicitVar);
    }

    /// <inheritdoc />
    public override TermType TermType { get; }

    /// <summary>The positional arguments.</summary>
    public IReadOnlyList<ReqlExpr> Args => _args;

    /// <summary>The optional arguments in the order they were added (empty when none).</summary>
    public IReadOnlyList<KeyValuePair<string, ReqlExpr>> OptArgs => _optArgs;

    internal override bool HasImplicitVar => _hasImplicitVar;

    /// <summary>Returns a copy of this term with the optional argument <paramref name="name"/> set (replaced if present).</summary>
    /// <param name="name">The wire name, as in the official drivers' documentation: <c>"index"</c>, <c>"return_changes"</c>.</param>
    /// <param name="value">The value; anything <see cref="R.Expr(object?)"/> accepts.</param>
    public ReqlTerm OptArg(string name, object? value) => WithOptArg(name, R.Expr(value));

    /// <summary>Returns a copy of this term with a one-parameter function as the optional argument <paramref name="name"/>.</summary>
    /// <remarks>For example FOLD's <c>final_emit</c>.</remarks>
    public ReqlTerm OptArg(string name, Func<ReqlExpr, ReqlExpr>? function) => WithOptArg(name, function is null ? ReqlDatum.Null : ReqlLambda.Create(function));

    /// <summary>Returns a copy of this term with a two-parameter function as the optional argument <paramref name="name"/>.</summary>
    public ReqlTerm OptArg(string name, Func<ReqlExpr, ReqlExpr, ReqlExpr>? function) =>
        WithOptArg(name, function is null ? ReqlDatum.Null : ReqlLambda.Create(function));

    /// <summary>Returns a copy of this term with a three-parameter function as the optional argument <paramref name="name"/>.</summary>
    /// <remarks>For example INSERT's <c>conflict</c> (<c>(id, oldDoc, newDoc) =&gt; ...</c>) and FOLD's <c>emit</c>.</remarks>
    public ReqlTerm OptArg(string name, Func<ReqlExpr, ReqlExpr, ReqlExpr, ReqlExpr>? function) =>
        WithOptArg(name, function is null ? ReqlDatum.Null : ReqlLambda.Create(function));

    private ReqlTerm WithOptArg(string name, ReqlExpr value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var index = Array.FindIndex(_optArgs, o => o.Key == name);
        KeyValuePair<string, ReqlExpr>[] optArgs;
        if (index >= 0)
        {
            optArgs = (KeyValuePair<string, ReqlExpr>[])_optArgs.Clone();
            optArgs[index] = new(name, value);
        }
        else
        {
            optArgs = new KeyValuePair<string, ReqlExpr>[_optArgs.Length + 1];
            _optArgs.CopyTo(optArgs, 0);
            optArgs[^1] = new(name, value);
        }
        // The arguments are never mutated, so the copy can share them.
        return new ReqlTerm(TermType, _args, optArgs);
    }

    internal override void WriteTo(Utf8JsonWriter writer, JsonSerializerOptions options)
    {
        // Writing recurses once per level: a chain of thousands of terms must fail typed, never overflow the stack.
        QueryLimits.EnsureCanNest(writer);
        // The argument array is always written, even when empty ("[103,[]]"), as the official drivers do.
        writer.WriteStartArray();
        writer.WriteNumberValue((int)TermType);
        writer.WriteStartArray();
        foreach (var arg in _args)
        {
            arg.WriteTo(writer, options);
        }
        writer.WriteEndArray();
        if (_optArgs.Length > 0)
        {
            writer.WriteStartObject();
            foreach (var (name, value) in _optArgs)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer, options);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static ReqlExpr[] CopyArgs(IEnumerable<ReqlExpr> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var copy = args.ToArray();
        if (Array.Exists(copy, static a => a is null))
        {
            throw new ArgumentException("A term argument is null; use R.Expr(null) for the null datum.", nameof(args));
        }
        return copy;
    }

    private static KeyValuePair<string, ReqlExpr>[] CopyOptArgs(IEnumerable<KeyValuePair<string, ReqlExpr>> optArgs)
    {
        var copy = optArgs.ToArray();
        if (Array.Exists(copy, static o => string.IsNullOrEmpty(o.Key) || o.Value is null))
        {
            throw new ArgumentException("An optional argument has no name or a null value.", nameof(optArgs));
        }
        return copy;
    }
}
