using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// A term with positional arguments and optional arguments: <c>[TermType, [args...], {optargs}]</c> on the wire.
/// </summary>
public class ReqlTerm : ReqlExpr
{
    private readonly ReqlExpr[] _args;
    private readonly Dictionary<string, ReqlExpr>? _optArgs;

    /// <summary>Creates a term.</summary>
    public ReqlTerm(TermType termType, ReqlExpr[] args, Dictionary<string, ReqlExpr>? optArgs = null)
    {
        TermType = termType;
        _args = args ?? throw new ArgumentNullException(nameof(args));
        _optArgs = optArgs is { Count: > 0 } ? optArgs : null;
    }

    /// <inheritdoc />
    public override TermType TermType { get; }

    /// <summary>The positional arguments.</summary>
    public IReadOnlyList<ReqlExpr> Args => _args;

    /// <summary>The optional arguments (empty when none).</summary>
    public IReadOnlyDictionary<string, ReqlExpr> OptArgs => _optArgs ?? NoOptArgs;

    private static readonly Dictionary<string, ReqlExpr> NoOptArgs = [];

    internal override void WriteTo(Utf8JsonWriter writer, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue((int)TermType);
        if (_args.Length > 0 || _optArgs is not null)
        {
            writer.WriteStartArray();
            foreach (var arg in _args)
            {
                arg.WriteTo(writer, options);
            }
            writer.WriteEndArray();
        }
        if (_optArgs is not null)
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
}
