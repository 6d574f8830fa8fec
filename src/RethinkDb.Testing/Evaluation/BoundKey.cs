using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation;

/// <summary>
/// A <c>between</c> bound below the top level: a datum, <c>r.minval</c>/<c>r.maxval</c>, or an array literal holding them
/// — the compound-index range <c>between([user, r.minval], [user, r.maxval], {index})</c>. On the server minval and maxval
/// are datums that sort below and above every other, compared inside arrays like any element; they only cannot be
/// written as JSON.
/// </summary>
internal abstract record BoundKey
{
    /// <summary>How <paramref name="key"/> sorts against this bound: negative below it, zero equal, positive above.</summary>
    public abstract int CompareWith(JsonNode? key);

    /// <summary>The bound as JSON; null when it holds <c>r.minval</c>/<c>r.maxval</c> (<paramref name="extreme"/> names it).</summary>
    public abstract JsonNode? ToDatum(out string? extreme);

    /// <summary>A plain datum.</summary>
    public sealed record DatumKey(JsonNode? Node) : BoundKey
    {
        public override int CompareWith(JsonNode? key) => Datum.Compare(key, Node);

        public override JsonNode? ToDatum(out string? extreme)
        {
            extreme = null;
            return Node;
        }
    }

    /// <summary><c>r.minval</c> or <c>r.maxval</c>: never equal to a key.</summary>
    public sealed record ExtremeKey(bool IsMax) : BoundKey
    {
        public override int CompareWith(JsonNode? key) => IsMax ? -1 : 1;

        public override JsonNode? ToDatum(out string? extreme)
        {
            extreme = NameOf(IsMax);
            return null;
        }

        /// <summary>The term's name after <c>r.</c>: <c>maxval</c> or <c>minval</c>.</summary>
        public static string NameOf(bool isMax) => isMax ? "maxval" : "minval";
    }

    /// <summary>An array literal with bounds among its items.</summary>
    public sealed record ArrayKey(IReadOnlyList<BoundKey> Items) : BoundKey
    {
        public override int CompareWith(JsonNode? key)
        {
            if (key is not JsonArray array)
            {
                return Datum.Compare(key, new JsonArray()); // another type: the types' order decides
            }
            // As datum_t::cmp for arrays: item by item, then the shorter first.
            for (var i = 0; i < array.Count && i < Items.Count; i++)
            {
                var c = Items[i].CompareWith(array[i]);
                if (c != 0)
                {
                    return c;
                }
            }
            return array.Count.CompareTo(Items.Count);
        }

        public override JsonNode? ToDatum(out string? extreme)
        {
            var result = new JsonArray();
            foreach (var item in Items)
            {
                var node = item.ToDatum(out extreme);
                if (extreme is not null)
                {
                    return null;
                }
                result.Add(Datum.Own(node));
            }
            extreme = null;
            return result;
        }
    }
}
