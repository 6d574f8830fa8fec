using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace RethinkDb;

/// <summary>
/// The JSON name of a CLR member exactly as a <see cref="JsonSerializerOptions"/> writes it: <c>[JsonPropertyName]</c>,
/// then the naming policy; null for a member the serializer skips (<c>[JsonIgnore]</c>).
/// </summary>
/// <remarks>
/// Names are resolved when a query is written, with the options of the connection it is sent on, so a typed query
/// uses the same names as the documents that connection writes and reads. Each options instance gets its own cache
/// (dropped with the options), so a name is computed once per member and options.
/// </remarks>
internal static class JsonMemberNames
{
    private static readonly ConditionalWeakTable<JsonSerializerOptions, ConcurrentDictionary<(Type, MemberInfo), string?>> Caches = [];

    /// <summary>The name <paramref name="options"/> gives <paramref name="member"/> of <paramref name="owner"/>.</summary>
    /// <exception cref="ReqlDriverCompileError">The serializer does not write the member.</exception>
    public static string Resolve(JsonSerializerOptions options, Type owner, MemberInfo member)
    {
        var cache = Caches.GetValue(options, static _ => new());
        var name = cache.GetOrAdd((owner, member), static (key, opts) => Compute(opts, key.Item1, key.Item2), options);
        return name ?? throw new ReqlDriverCompileError(
            $"The member {owner.Name}.{member.Name} is not serialized with these JsonSerializerOptions ([JsonIgnore] or not a public property), so a query cannot use it.");
    }

    /// <summary>Whether the member is always skipped by the serializer, whatever the options.</summary>
    public static bool IsAlwaysIgnored(MemberInfo member) =>
        member.GetCustomAttribute<JsonIgnoreAttribute>() is { Condition: JsonIgnoreCondition.Always };

    private static string? Compute(JsonSerializerOptions options, Type owner, MemberInfo member)
    {
        JsonTypeInfo? info = null;
        try
        {
            info = options.GetTypeInfo(owner);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException)
        {
            // No metadata for the type (a source-generated context without it): fall back on the attributes and
            // the naming policy, which is what the serializer's own metadata would have applied.
        }
        if (info is { Kind: JsonTypeInfoKind.Object })
        {
            foreach (var property in info.Properties)
            {
                if (property.AttributeProvider is MemberInfo candidate && candidate.Name == member.Name
                    && candidate.MetadataToken == member.MetadataToken && candidate.Module == member.Module)
                {
                    return property.Name;
                }
            }
            return null;
        }
        if (IsAlwaysIgnored(member))
        {
            return null;
        }
        return member.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
            ?? options.PropertyNamingPolicy?.ConvertName(member.Name)
            ?? member.Name;
    }
}
