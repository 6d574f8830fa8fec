using System.Globalization;

namespace RethinkDb.Benchmarks.Harness;

/// <summary>Command-line settings of the end-to-end scenarios; every run is bounded in count and in time.</summary>
internal sealed class Settings
{
    /// <summary>Alternating floor/driver rounds per measurement (the report shows medians).</summary>
    public int Rounds { get; set; } = 5;

    /// <summary>Queries per run of the sequential scenario.</summary>
    public int SequentialQueries { get; set; } = 5_000;

    /// <summary>Queries per run of the pipelined and pool scenarios.</summary>
    public int PipelinedQueries { get; set; } = 50_000;

    /// <summary>Connections of the pool scenario.</summary>
    public int Connections { get; set; } = 2;

    /// <summary>Queries in flight of the pipelined scenario.</summary>
    public int[] InFlight { get; set; } = [1, 16, 256, 1000];

    /// <summary>Whether --inflight was given (scenarios with their own default use it only then).</summary>
    public bool InFlightGiven { get; set; }

    /// <summary>CPU work (µs) each caller of the handler scenario does after its answer.</summary>
    public int[] WorkMicros { get; set; } = [0, 20, 100, 300];

    /// <summary>Whether --work was given (the profile sides then do the handler scenario's work after each answer).</summary>
    public bool WorkGiven { get; set; }

    /// <summary>Connections opened per run of the connect scenario.</summary>
    public int Connects { get; set; } = 100;

    /// <summary>Time cap of one run (floor or driver): a run stops issuing queries after it.</summary>
    public TimeSpan RunCap { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Whether callers pass a cancellable token (as a request handler passes HttpContext.RequestAborted); never
    /// cancelled, it only costs what registering for cancellation costs.
    /// </summary>
    public bool WithCancellation { get; set; }

    /// <summary>
    /// Handler scenario only: the "default" side also runs with ResumeOnReaderThread = false, on connections of its
    /// own (an A/A control): how many points miss the target when nothing differs but the run's noise.
    /// </summary>
    public bool Control { get; set; }

    /// <summary>
    /// Profile scenarios only: the driver connects through TLS (<see cref="Target.TlsOptions"/>); the floors, which
    /// speak plain TCP, stay unused on that side.
    /// </summary>
    public bool Tls { get; set; }

    public static Settings Parse(IReadOnlyList<string> args)
    {
        var settings = new Settings();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int NextInt() => Number(args[i], Next());
            switch (args[i])
            {
                case "--rounds": settings.Rounds = NextInt(); break;
                case "--queries":
                    var q = NextInt();
                    settings.SequentialQueries = q;
                    settings.PipelinedQueries = q;
                    break;
                case "--sequential-queries": settings.SequentialQueries = NextInt(); break;
                case "--pipelined-queries": settings.PipelinedQueries = NextInt(); break;
                case "--connections": settings.Connections = NextInt(); break;
                case "--connects": settings.Connects = NextInt(); break;
                case "--inflight":
                    settings.InFlight = Numbers("--inflight", Next(), min: 1);
                    settings.InFlightGiven = true;
                    break;
                case "--work":
                    settings.WorkMicros = Numbers("--work", Next(), min: 0);
                    settings.WorkGiven = true;
                    break;
                case "--cap-seconds": settings.RunCap = TimeSpan.FromSeconds(NextInt()); break;
                case "--with-cancellation": settings.WithCancellation = true; break;
                case "--control": settings.Control = true; break;
                case "--tls": settings.Tls = true; break;
                case "--no-receive-coalescing": break; // applied in Program, before any connection opens
                default: throw new ArgumentException($"Unknown option {args[i]}");
            }
        }
        return settings;
    }

    private static int Number(string option, string text, int min = 1) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw new ArgumentException($"{option} takes a whole number of at least {min}, not '{text}'");

    private static int[] Numbers(string option, string text, int min) =>
        [.. text.Split(',').Select(part => Number(option, part, min))];
}
