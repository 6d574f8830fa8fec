using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace RethinkDb.Benchmarks.Harness;

/// <summary>
/// Which types a run allocates: the runtime's GC AllocationTick events (one per ~100 KB allocated, naming the type
/// of the object that crossed the mark), counted by type. A sample, not an exact count, but over a run of thousands
/// of queries its shares match the allocation profile; for finding what to pool, not for the B/query figure.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private volatile bool _recording;
    private EventSource? _runtime;

    public void Start()
    {
        _bytesByType.Clear();
        _recording = true;
    }

    /// <summary>The sampled bytes by type, largest first.</summary>
    public IReadOnlyList<(string Type, long Bytes)> Stop()
    {
        _recording = false;
        if (_runtime is { } runtime)
        {
            DisableEvents(runtime); // each event walks the allocating thread's stack: CPU a measured run must not pay
        }
        return _bytesByType.OrderByDescending(p => p.Value).Select(p => (p.Key, p.Value)).ToList();
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            _runtime = eventSource;
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal)
            || eventData.PayloadNames is null)
        {
            return;
        }
        var typeIndex = eventData.PayloadNames.IndexOf("TypeName");
        var amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount");
        if (typeIndex < 0 || eventData.Payload?[typeIndex] is not string type)
        {
            return;
        }
        var amount = amountIndex >= 0 && eventData.Payload[amountIndex] is uint a ? a : 100_000L;
        _bytesByType.AddOrUpdate(type, amount, (_, old) => old + amount);
    }
}
