using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// An object literal whose values are expressions: sent as a plain JSON object (<c>{"a":[103,[]]}</c>), which the
/// server reads as <c>MAKE_OBJ</c>. The official drivers send object literals the same way.
/// </summary>
internal sealed class ReqlObject : ReqlExpr
{
    private readonly KeyValuePair<string, ReqlExpr>[] _fields;

    internal ReqlObject(KeyValuePair<string, ReqlExpr>[] fields)
    {
        _fields = fields;
        HasImplicitVar = Array.Exists(fields, static f => f.Value.HasImplicitVar);
    }

    /// <inheritdoc />
    public override TermType TermType => TermType.MakeObj;

    /// <summary>The fields in the order they were given.</summary>
    internal IReadOnlyList<KeyValuePair<string, ReqlExpr>> Fields => _fields;

    internal override bool HasImplicitVar { get; }

    internal override void WriteTo(Utf8JsonWriter writer, JsonSerializerOptions options)
    {
        QueryLimits.EnsureCanNest(writer);
        writer.WriteStartObject();
        foreach (var (name, value) in _fields)
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer, options);
        }
        writer.WriteEndObject();
    }
}
