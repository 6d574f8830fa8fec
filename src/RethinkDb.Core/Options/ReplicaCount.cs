namespace RethinkDb;

/// <summary>
/// The <c>replicas</c> optarg of <c>tableCreate</c> and <c>reconfigure</c>: a number of replicas, or a number per
/// server tag. Converts implicitly from <see cref="int"/>; use <see cref="PerTag"/> for tags.
/// </summary>
public readonly record struct ReplicaCount
{
    private ReplicaCount(object value) => Value = value;

    /// <summary>The wire value: a number or an object of numbers by tag.</summary>
    internal object Value { get; }

    /// <summary>This many replicas in all.</summary>
    public static implicit operator ReplicaCount(int replicas) => new(replicas);

    /// <summary>Same as the implicit conversion from <see cref="int"/>.</summary>
    public static ReplicaCount FromInt32(int replicas) => replicas;

    /// <summary>Replicas per server tag: <c>ReplicaCount.PerTag(new Dictionary&lt;string, int&gt; { ["us"] = 2, ["eu"] = 1 })</c>;
    /// then set <c>PrimaryReplicaTag</c> too.</summary>
    public static ReplicaCount PerTag(IReadOnlyDictionary<string, int> replicasByTag)
    {
        ArgumentNullException.ThrowIfNull(replicasByTag);
        return new(replicasByTag.ToDictionary(static p => p.Key, static p => (object?)p.Value));
    }

    /// <summary>A short description (not the wire form).</summary>
    public override string ToString() => Value is int count ? count.ToString(System.Globalization.CultureInfo.InvariantCulture) : "per tag";
}
