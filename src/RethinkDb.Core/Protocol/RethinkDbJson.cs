using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace RethinkDb.Protocol;

/// <summary>The serializer settings the driver uses when the caller gives none.</summary>
internal static class RethinkDbJson
{
    /// <summary>
    /// Web defaults (camelCase names, case-insensitive reading), the driver's own types from a source-generated
    /// context, and reflection for user types only where the application allows reflection (not under AOT).
    /// </summary>
    public static JsonSerializerOptions DefaultOptions { get; } = CreateDefaultOptions();

    private static JsonSerializerOptions CreateDefaultOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = ReflectionResolverIfEnabled() is { } reflection
                ? JsonTypeInfoResolver.Combine(DriverJsonContext.Default, reflection)
                : DriverJsonContext.Default,
        };
        AddConverters(options.Converters);
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// Adds the driver's own types and its pseudo-type converters (TIME, BINARY) to caller-supplied options, keeping
    /// the caller's resolver and converters first (a caller's own converter for a type wins over the driver's).
    /// </summary>
    public static JsonSerializerOptions WithDriverTypes(JsonSerializerOptions? options)
    {
        if (options is null)
        {
            return DefaultOptions;
        }
        // Options made with `new JsonSerializerOptions { ... }` have no resolver yet: System.Text.Json would use
        // reflection for them, so the driver does the same (where the app allows reflection).
        var callers = options.TypeInfoResolver ?? ReflectionResolverIfEnabled();
        var copy = new JsonSerializerOptions(options)
        {
            TypeInfoResolver = callers is null
                ? DriverJsonContext.Default
                : JsonTypeInfoResolver.Combine(callers, DriverJsonContext.Default),
        };
        AddConverters(copy.Converters);
        copy.MakeReadOnly();
        return copy;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only when the app enables reflection (JsonSerializer.IsReflectionEnabledByDefault).")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only when the app enables reflection (JsonSerializer.IsReflectionEnabledByDefault).")]
    private static DefaultJsonTypeInfoResolver? ReflectionResolverIfEnabled() =>
        JsonSerializer.IsReflectionEnabledByDefault ? new DefaultJsonTypeInfoResolver() : null;

    /// <summary>The converters that map CLR types to ReQL pseudo-types, in both directions, and expressions nested in
    /// serialized objects to their terms.</summary>
    private static void AddConverters(IList<JsonConverter> converters)
    {
        converters.Add(new ReqlDateTimeConverter());
        converters.Add(new ReqlDateTimeOffsetConverter());
        converters.Add(new ReqlBinaryConverter());
        converters.Add(new ReqlExprJsonConverter());
    }
}

/// <summary>Source-generated metadata for the driver's own result types (no reflection needed).</summary>
[JsonSerializable(typeof(ServerInfo))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonDocument))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonNode))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(object))]
[JsonSerializable(typeof(DateTime))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(byte[]))]
[JsonSerializable(typeof(Guid))]
internal sealed partial class DriverJsonContext : JsonSerializerContext;
