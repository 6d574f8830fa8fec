using BenchmarkDotNet.Running;
using RethinkDb.Benchmarks.Harness;
using RethinkDb.Benchmarks.Micro;
using RethinkDb.Benchmarks.Scenarios;

// dotnet run -c Release --project benchmarks/RethinkDb.Benchmarks -- <scenario> [options]
// --help anywhere shows the options (but micro's go to BenchmarkDotNet, which has a --help of its own).
if (args.Length == 0 || args[0] is "list" || (args[0] != "micro" && args.Any(a => a is "-h" or "--help")))
{
    Console.WriteLine("Usage: dotnet run -c Release --project benchmarks/RethinkDb.Benchmarks -- <scenario> [options]");
    Console.WriteLine();
    Console.WriteLine("  micro [BenchmarkDotNet options]  1. serialize a typical query; parse 1/100/1000 documents (ns/op, B/op)");
    foreach (var scenario in ScenarioList.All)
    {
        Console.WriteLine($"  {scenario.Name,-32} {scenario.Description}{(scenario.PendingReason is { } why ? $" [{why}]" : "")}");
    }
    Console.WriteLine("  e2e                              every end-to-end scenario above that is not pending, then the targets");
    Console.WriteLine("  http --url U [--concurrency 64] [--duration 10] [--label L]");
    Console.WriteLine("                                   HTTP load on the sample Web API (GET /heroes/{id}, GET /heroes?take=50):");
    Console.WriteLine("                                   requests/s, p50, p99; benchmarks/webapi-load.sh runs default vs hand-off");
    Console.WriteLine("  instant-server [--port 28999] [--password P]");
    Console.WriteLine("                                   a stand-in server answering every query with 1 at once (run it in another");
    Console.WriteLine("                                   terminal and point RETHINKDB_HOST/PORT at it): the driver's dispatch cost");
    Console.WriteLine("                                   without a slow server in front of it (handler, pipelined, sequential)");
    Console.WriteLine("  profile | profile-floor | profile-async-floor");
    Console.WriteLine("                                   only the driver (or a floor), first --inflight value, with runtime");
    Console.WriteLine("                                   counters per query: for attaching perf or strace to one side");
    Console.WriteLine();
    Console.WriteLine("Options: --rounds N (5) --queries N --sequential-queries N (5000) --pipelined-queries N (50000)");
    Console.WriteLine("         --inflight 1,16,256,1000 --connections N (2) --connects N (100) --cap-seconds S (15, per run)");
    Console.WriteLine("         --with-cancellation (callers pass a cancellable token, as request handlers do)");
    Console.WriteLine("         --no-receive-coalescing (every receive wakes for the first answer, as before receives waited for several)");
    Console.WriteLine("         --control (handler only: the default side runs the hand-off too, an A/A control of the run's noise)");
    Console.WriteLine("         --tls (profile only: the driver connects to RETHINKDB_TLS_PORT, trusting RETHINKDB_CA_CERTS)");
    Console.WriteLine("Server:  RETHINKDB_HOST, RETHINKDB_PORT, RETHINKDB_PASSWORD; without RETHINKDB_HOST the in-memory protocol");
    Console.WriteLine("         server of RethinkDb.Testing is started in this process (and the report says so).");
    return args.Length == 0 ? 1 : 0;
}

if (args[0] == "micro")
{
    var rest = args.Skip(1).ToArray();
    if (!rest.Any(a => a is "--filter" or "-f" or "--list"))
    {
        rest = [.. rest, "--filter", "*"];
    }
    BenchmarkSwitcher.FromAssembly(typeof(SerializeBenchmarks).Assembly).Run(rest, MicroConfig.Create());
    return 0;
}

if (args[0] == "instant-server")
{
    try
    {
        return RethinkDb.Benchmarks.Floor.InstantServer.Run(args.Skip(1).ToArray());
    }
    catch (Exception ex) when (IsBadOption(ex))
    {
        return BadOption(ex);
    }
}

if (args[0] == "http")
{
    // Not a scenario against RETHINKDB_HOST: load on the sample Web API, started separately (benchmarks/webapi-load.sh).
    try
    {
        return await RethinkDb.Benchmarks.Http.HttpLoad.RunAsync(args.Skip(1).ToArray());
    }
    catch (Exception ex) when (IsBadOption(ex))
    {
        return BadOption(ex);
    }
}

Settings settings;
try
{
    settings = Settings.Parse(args.Skip(1).ToArray());
}
catch (Exception ex) when (IsBadOption(ex))
{
    return BadOption(ex);
}

if (args.Contains("--no-receive-coalescing"))
{
    // The driver as it was before receives waited for several answers: the before/after of one build.
    AppContext.SetSwitch("RethinkDb.DisableReceiveCoalescing", true);
}

using var callers = new CancellationTokenSource();
if (args.Contains("--with-cancellation"))
{
    RoundTrips.CallerToken = callers.Token;
}

if (args[0] is "profile" or "profile-floor" or "profile-async-floor" or "profile-handoff")
{
    await using var profiled = await Target.StartAsync();
    Report.Machine(profiled);
    await Profile.RunAsync(profiled, settings, args[0] switch
    {
        "profile-floor" => "floor", "profile-async-floor" => "async-floor", "profile-handoff" => "hand-off", _ => "driver",
    });
    return 0;
}

var selected = args[0] == "e2e"
    ? ScenarioList.All.Where(s => s.Run is not null && s.Name != "testserver").ToArray()
    : ScenarioList.All.Where(s => s.Name == args[0]).ToArray();
if (selected.Length == 0)
{
    Console.Error.WriteLine($"Unknown scenario '{args[0]}'; run with 'list' to see them.");
    return 1;
}
var pending = selected.FirstOrDefault(s => s.Run is null);
if (pending is not null)
{
    Console.Error.WriteLine($"Scenario '{pending.Name}' is {pending.PendingReason}.");
    return 2;
}

await using var target = await Target.StartAsync();
Console.WriteLine($"## RethinkDb for .NET benchmarks: {string.Join(", ", selected.Select(s => s.Name))}");
Console.WriteLine();
Report.Machine(target);
foreach (var scenario in selected)
{
    await scenario.Run!(target, settings);
}
Summary.Print(target);
if (args[0] == "e2e")
{
    Console.WriteLine();
    foreach (var scenario in ScenarioList.All.Where(s => s.Run is null))
    {
        Console.WriteLine($"- {scenario.Name}: {scenario.PendingReason}");
    }
}
return 0;

// A malformed option (a number that is not one, an unknown flag) is the caller's mistake: say so, not a stack trace.
static bool IsBadOption(Exception ex) => ex is ArgumentException or FormatException or OverflowException;

static int BadOption(Exception ex)
{
    Console.Error.WriteLine($"{ex.Message.TrimEnd('.')}. Run with --help to see the options.");
    return 2;
}
