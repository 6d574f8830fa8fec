using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation;

/// <summary>A <c>between</c>'s bounds: null for <c>r.minval</c>/<c>r.maxval</c> (unbounded).</summary>
internal sealed record SliceBounds(BoundKey? Lower, bool LowerOpen, BoundKey? Upper, bool UpperOpen)
{
    public bool Contains(JsonNode? key) =>
        (Lower is not { } l || (l.CompareWith(key) is var c1 && (LowerOpen ? c1 > 0 : c1 >= 0))) &&
        (Upper is not { } u || (u.CompareWith(key) is var c2 && (UpperOpen ? c2 < 0 : c2 <= 0)));
}
