using System.Reflection;
using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// The field name of a CLR member, written as a string datum: resolved when the query is written, with the
/// serializer options of the connection (see <see cref="JsonMemberNames"/>).
/// </summary>
internal sealed class ReqlMemberName(Type owner, MemberInfo member) : ReqlExpr
{
    public Type Owner { get; } = owner;

    public MemberInfo Member { get; } = member;

    /// <inheritdoc />
    public override TermType TermType => TermType.Datum;

    internal override bool HasImplicitVar => false;

    /// <summary>The name under the driver's default options, for printing queries.</summary>
    public string DisplayName
    {
        get
        {
            try
            {
                return JsonMemberNames.Resolve(RethinkDbJson.DefaultOptions, Owner, Member);
            }
            catch (ReqlDriverCompileError)
            {
                return Member.Name;
            }
        }
    }

    internal override void WriteTo(Utf8JsonWriter writer, JsonSerializerOptions options)
    {
        // A program writes its queries with one or two options: keep the name, already escaped, for each.
        if (PerOptions.Find(_names, options) is not { } name)
        {
            var text = JsonMemberNames.Resolve(options, Owner, Member);
            if (_names.Length >= PerOptions.Capacity)
            {
                writer.WriteStringValue(text);
                return;
            }
            name = new EncodedName(JsonEncodedText.Encode(text));
            PerOptions.Add(ref _names, options, name);
        }
        writer.WriteStringValue(name.Text);
    }

    private PerOptions.Entry<EncodedName>[] _names = [];

    /// <summary>The escaped name (a class, so that it can be kept by <see cref="PerOptions"/>).</summary>
    private sealed record EncodedName(JsonEncodedText Text);
}
