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
    // One instance per member (they are immutable): a key selector such as OrderBy(h => h.Name) allocates none.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Type, MemberInfo), ReqlMemberName> Shared = new();

    public Type Owner { get; } = owner;

    /// <summary>The shared name of <paramref name="member"/> of <paramref name="owner"/> (a program has finitely many).</summary>
    public static ReqlMemberName Of(Type owner, MemberInfo member) =>
        Shared.TryGetValue((owner, member), out var name) ? name : Shared.GetOrAdd((owner, member), new ReqlMemberName(owner, member));

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
        // Nearly every query of a program is written with the same options: keep the last name, already escaped.
        var last = _last;
        if (last is null || !ReferenceEquals(last.Options, options))
        {
            last = new EncodedName(options, JsonEncodedText.Encode(JsonMemberNames.Resolve(options, Owner, Member)));
            _last = last;
        }
        writer.WriteStringValue(last.Name);
    }

    private EncodedName? _last;

    /// <summary>The name of the member under one options instance.</summary>
    private sealed record EncodedName(JsonSerializerOptions Options, JsonEncodedText Name);
}
