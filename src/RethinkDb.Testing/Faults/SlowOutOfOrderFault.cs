namespace RethinkDb.Testing;

/// <summary>
/// <see cref="TestServerFault.SlowOutOfOrder"/>: each step of a query takes a random time, up to a maximum, to run,
/// so the answers of different tokens overtake one another (those of one token stay in order).
/// </summary>
internal sealed class SlowOutOfOrderFault(TestServerOptions options) : ConnectionFault
{
    public override Task BeforeStepAsync(CancellationToken cancellationToken)
    {
        // The query takes a while to run: the queries behind it overtake it.
        var delay = Random.Shared.Next(0, (int)Math.Max(1, options.MaxResponseDelay.TotalMilliseconds));
        return Task.Delay(delay, cancellationToken);
    }
}
