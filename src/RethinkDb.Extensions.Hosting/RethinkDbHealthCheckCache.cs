using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RethinkDb.Extensions.Hosting;

/// <summary>
/// One <see cref="RethinkDbHealthCheck"/> per registration name and service provider. HealthCheckService asks the
/// registration's factory for a check on every run; a cached instance lets concurrent probes share one probe.
/// </summary>
internal sealed class RethinkDbHealthCheckCache
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, IHealthCheck> _checks = new(StringComparer.Ordinal);

    public IHealthCheck GetOrAdd(string name, Func<IHealthCheck> create)
    {
        lock (_lock)
        {
            if (!_checks.TryGetValue(name, out var check))
            {
                check = create();
                _checks.Add(name, check);
            }
            return check;
        }
    }
}
