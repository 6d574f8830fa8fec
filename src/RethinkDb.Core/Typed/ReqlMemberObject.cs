using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// An object literal whose keys are CLR members (<c>new { h.Name }</c>, <c>new Hero { Age = ... }</c> in a typed
/// lambda): sent as a plain JSON object, as <see cref="ReqlObject"/>, with each key named as the connection's
/// serializer names the member.
/// </summary>
internal sealed class ReqlMemberObject : ReqlExpr
{
    private readonly KeyValuePair<ReqlMemberName, ReqlExpr>[] _fields;

    public ReqlMemberObject(KeyValuePair<ReqlMemberName, ReqlExpr>[] fields)
    {
        _fields = fields;
        HasImplicitVar = Array.Exists(fields, static f => f.Value.HasImplicitVar);
    }

    /// <inheritdoc />
    public override TermType TermType => TermType.MakeObj;

    /// <summary>The object with each value transformed (this same object when none changes).</summary>
    public ReqlMemberObject WithValues(Func<ReqlExpr, ReqlExpr> transform)
    {
        KeyValuePair<ReqlMemberName, ReqlExpr>[]? fields = null;
        for (var i = 0; i < _fields.Length; i++)
        {
            var value = transform(_fields[i].Value);
            if (!ReferenceEquals(value, _fields[i].Value))
            {
                fields ??= [.. _fields];
                fields[i] = new(_fields[i].Key, value);
            }
        }
        return fields is null ? this : new ReqlMemberObject(fields);
    }

    internal override bool HasImplicitVar { get; }

    /// <summary>The fields named under the driver's default options, for printing queries.</summary>
    public IReadOnlyList<KeyValuePair<string, ReqlExpr>> DisplayFields =>
        [.. _fields.Select(static f => new KeyValuePair<string, ReqlExpr>(f.Key.DisplayName, f.Value))];

    internal override void WriteTo(Utf8JsonWriter writer, JsonSerializerOptions options)
    {
        // Objects nest objects: the same guard as every other node that recurses when written.
        QueryLimits.EnsureCanNest(writer);
        writer.WriteStartObject();
        foreach (var (name, value) in _fields)
        {
            writer.WritePropertyName(JsonMemberNames.Resolve(options, name.Owner, name.Member));
            value.WriteTo(writer, options);
        }
        writer.WriteEndObject();
    }
}
