using System.Globalization;

namespace RethinkDb;

/// <summary>
/// The <c>squash</c> optarg of <c>changes</c>: <c>true</c> (squash every change of a batch), <c>false</c>, or a
/// duration to wait and squash within. Converts implicitly from <see cref="bool"/> and <see cref="TimeSpan"/>:
/// <c>Squash = TimeSpan.FromMilliseconds(200)</c>.
/// </summary>
public readonly record struct ChangesSquash
{
    private ChangesSquash(object value) => Value = value;

    /// <summary>The wire value: a boolean or seconds.</summary>
    internal object Value { get; }

    /// <summary>Squash all changes (true) or none (false).</summary>
    public static implicit operator ChangesSquash(bool squash) => new(squash);

    /// <summary>Wait up to <paramref name="delay"/> and squash the changes seen meanwhile.</summary>
    public static implicit operator ChangesSquash(TimeSpan delay) => new(delay.TotalSeconds);

    /// <summary>Same as the implicit conversion from <see cref="bool"/>.</summary>
    public static ChangesSquash FromBoolean(bool squash) => squash;

    /// <summary>Same as the implicit conversion from <see cref="TimeSpan"/>.</summary>
    public static ChangesSquash FromTimeSpan(TimeSpan delay) => delay;

    /// <summary>The wire value as text.</summary>
    public override string ToString() => Convert.ToString(Value, CultureInfo.InvariantCulture) ?? "";
}
