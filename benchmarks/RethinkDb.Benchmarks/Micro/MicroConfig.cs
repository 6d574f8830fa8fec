using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace RethinkDb.Benchmarks.Micro;

/// <summary>
/// Bounded micro-benchmark runs: in process (no generated project to build, works offline), a fixed number of
/// iterations, ns/op and allocated bytes/op (MemoryDiagnoser).
/// </summary>
internal static class MicroConfig
{
    public static IConfig Create() => DefaultConfig.Instance
        .AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(4)
            .WithIterationCount(10)
            .WithId("bounded"))
        .AddDiagnoser(MemoryDiagnoser.Default)
        .WithOptions(ConfigOptions.DisableOptimizationsValidator);
}
