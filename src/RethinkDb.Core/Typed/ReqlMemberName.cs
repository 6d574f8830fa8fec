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

    internal override void WriteTo(Utf8JsonWriter writer, JsonSerializerOptions options) =>
        writer.WriteStringValue(JsonMemberNames.Resolve(options, Owner, Member));
}
