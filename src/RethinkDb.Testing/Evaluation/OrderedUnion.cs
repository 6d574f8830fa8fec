using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation;

/// <summary>
/// <c>union</c> with an ordering (<c>interleave</c> a field, a function or a list of them) as the server runs it
/// (<c>ordered_union_datum_stream_t</c>): a merge of its inputs, each taken as already sorted, through a
/// <c>std::priority_queue</c> — libstdc++'s binary heap, step by step, since the order in which the heap compares rows
/// decides which row's key is read first (the error a user sees when a key cannot be read) and where equal rows of
/// different inputs land.
/// </summary>
internal static class OrderedUnion
{
    private readonly record struct Head(JsonNode? Value, int Input, int Next);

    /// <summary>Merges <paramref name="inputs"/>; <paramref name="lessThan"/> is the server's <c>lt_cmp_t</c> (it may throw).</summary>
    /// <param name="inputs">The union's arguments, in order.</param>
    /// <param name="lessThan">Whether a row sorts strictly before another: the left row's keys are read first.</param>
    /// <param name="notOrdered">The error for an input whose next row sorts before the row just taken from it.</param>
    public static List<JsonNode?> Merge(IReadOnlyList<IReadOnlyList<JsonNode?>> inputs, Func<JsonNode?, JsonNode?, bool> lessThan,
        Func<Exception> notOrdered)
    {
        var heap = new Heap(lessThan);
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Count > 0)
            {
                heap.Push(new Head(inputs[i][0], i, 1));
            }
        }
        var merged = new List<JsonNode?>();
        while (heap.Count > 0)
        {
            var onDeck = heap.Pop();
            var input = inputs[onDeck.Input];
            if (onDeck.Next < input.Count)
            {
                var next = input[onDeck.Next];
                // The server checks each input's order as it goes, against the row taken from it just before.
                if (lessThan(next, onDeck.Value))
                {
                    throw notOrdered();
                }
                heap.Push(new Head(next, onDeck.Input, onDeck.Next + 1));
            }
            merged.Add(onDeck.Value);
        }
        return merged;
    }

    /// <summary>
    /// <c>std::priority_queue</c> over a vector with libstdc++'s <c>push_heap</c>/<c>pop_heap</c>/<c>__adjust_heap</c>;
    /// its "less" is the server's <c>merge_less_t</c>, which swaps its arguments so that the smallest row is on top.
    /// </summary>
    private sealed class Heap(Func<JsonNode?, JsonNode?, bool> lessThan)
    {
        private readonly List<Head> _items = [];

        public int Count => _items.Count;

        private bool Less(Head a, Head b) => lessThan(b.Value, a.Value);

        public void Push(Head item)
        {
            _items.Add(item);
            SiftUp(_items.Count - 1, 0, item);
        }

        public Head Pop()
        {
            var top = _items[0];
            var length = _items.Count;
            if (length > 1)
            {
                var value = _items[length - 1];
                _items[length - 1] = top;
                AdjustHeap(length - 1, value);
            }
            _items.RemoveAt(length - 1);
            return top;
        }

        // __push_heap: the hole moves up while its parent is "less" than the value.
        private void SiftUp(int hole, int top, Head value)
        {
            var parent = (hole - 1) / 2;
            while (hole > top && Less(_items[parent], value))
            {
                _items[hole] = _items[parent];
                hole = parent;
                parent = (hole - 1) / 2;
            }
            _items[hole] = value;
        }

        // __adjust_heap from the root over the first `length` items: the hole goes down to a leaf by the greater child
        // (the right one unless it is "less" than the left), then the value sifts up from there.
        private void AdjustHeap(int length, Head value)
        {
            var hole = 0;
            var child = 0;
            while (child < (length - 1) / 2)
            {
                child = 2 * (child + 1);
                if (Less(_items[child], _items[child - 1]))
                {
                    child--;
                }
                _items[hole] = _items[child];
                hole = child;
            }
            if ((length & 1) == 0 && child == (length - 2) / 2)
            {
                child = 2 * (child + 1);
                _items[hole] = _items[child - 1];
                hole = child - 1;
            }
            SiftUp(hole, 0, value);
        }
    }
}
