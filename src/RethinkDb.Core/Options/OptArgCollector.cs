using System.Globalization;

namespace RethinkDb;

/// <summary>
/// Adds the optional arguments an options object sets to a term, in wire form: unset (null) values are skipped,
/// enums become the strings the server expects, durations become seconds.
/// </summary>
internal sealed class OptArgCollector(ReqlTerm term)
{
    public ReqlTerm Term { get; private set; } = term;

    public void Add(string name, object? value)
    {
        if (value is not null)
        {
            Term = Term.OptArg(name, value);
        }
    }

    public void Add(string name, TimeSpan? value)
    {
        if (value is { } duration)
        {
            Term = Term.OptArg(name, duration.TotalSeconds);
        }
    }

    public void Add(string name, Delegate? function)
    {
        if (function is not null)
        {
            Term = Term.OptArg(name, ReqlLambda.FromDelegate(function));
        }
    }

    public void Add(string name, Durability? value) => Add(name, value is { } v ? WireName(v) : null);

    public void Add(string name, Bound? value) => Add(name, value is { } v ? WireName(v) : null);

    public void Add(string name, GeoSystem? value) => Add(name, value is { } v ? WireName(v) : null);

    public void Add(string name, DistanceUnit? value) => Add(name, value is { } v ? WireName(v) : null);

    public static string WireName(Durability value) => value switch
    {
        Durability.Hard => "hard",
        Durability.Soft => "soft",
        _ => throw Undefined(value),
    };

    public static string WireName(Conflict value) => value switch
    {
        Conflict.Error => "error",
        Conflict.Replace => "replace",
        Conflict.Update => "update",
        _ => throw Undefined(value),
    };

    public static string WireName(ReadMode value) => value switch
    {
        ReadMode.Single => "single",
        ReadMode.Majority => "majority",
        ReadMode.Outdated => "outdated",
        _ => throw Undefined(value),
    };

    public static string WireName(IdentifierFormat value) => value switch
    {
        IdentifierFormat.Name => "name",
        IdentifierFormat.Uuid => "uuid",
        _ => throw Undefined(value),
    };

    public static string WireName(Bound value) => value switch
    {
        Bound.Closed => "closed",
        Bound.Open => "open",
        _ => throw Undefined(value),
    };

    public static string WireName(WaitFor value) => value switch
    {
        WaitFor.ReadyForOutdatedReads => "ready_for_outdated_reads",
        WaitFor.ReadyForReads => "ready_for_reads",
        WaitFor.ReadyForWrites => "ready_for_writes",
        WaitFor.AllReplicasReady => "all_replicas_ready",
        _ => throw Undefined(value),
    };

    public static string WireName(EmergencyRepair value) => value switch
    {
        EmergencyRepair.UnsafeRollback => "unsafe_rollback",
        EmergencyRepair.UnsafeRollbackOrErase => "unsafe_rollback_or_erase",
        _ => throw Undefined(value),
    };

    public static string WireName(GeoSystem value) => value switch
    {
        GeoSystem.Wgs84 => "WGS84",
        GeoSystem.UnitSphere => "unit_sphere",
        _ => throw Undefined(value),
    };

    public static string WireName(DistanceUnit value) => value switch
    {
        DistanceUnit.Meter => "m",
        DistanceUnit.Kilometer => "km",
        DistanceUnit.Mile => "mi",
        DistanceUnit.NauticalMile => "nm",
        DistanceUnit.Foot => "ft",
        _ => throw Undefined(value),
    };

    public static string WireName(HttpResultFormat value) => value switch
    {
        HttpResultFormat.Auto => "auto",
        HttpResultFormat.Text => "text",
        HttpResultFormat.Json => "json",
        HttpResultFormat.Jsonp => "jsonp",
        HttpResultFormat.Binary => "binary",
        _ => throw Undefined(value),
    };

    public static string WireName(HttpRequestMethod value) => value switch
    {
        HttpRequestMethod.Get => "GET",
        HttpRequestMethod.Post => "POST",
        HttpRequestMethod.Put => "PUT",
        HttpRequestMethod.Patch => "PATCH",
        HttpRequestMethod.Delete => "DELETE",
        HttpRequestMethod.Head => "HEAD",
        _ => throw Undefined(value),
    };

    public static string WireName(HttpAuthType value) => value switch
    {
        HttpAuthType.Basic => "basic",
        HttpAuthType.Digest => "digest",
        _ => throw Undefined(value),
    };

    // A value cast from an integer the enum does not define: refused when the query is built, not sent as a number.
    private static ReqlDriverCompileError Undefined<TEnum>(TEnum value) where TEnum : struct, Enum =>
        new($"{Convert.ToInt64(value, CultureInfo.InvariantCulture)} is not a defined {typeof(TEnum).Name} value.");
}
