namespace RethinkDb;

/// <summary>Whether an end of a range is included (the <c>left_bound</c> and <c>right_bound</c> optargs).</summary>
public enum Bound
{
    /// <summary>Included (<c>"closed"</c> on the wire).</summary>
    Closed,

    /// <summary>Excluded (<c>"open"</c> on the wire).</summary>
    Open,
}
