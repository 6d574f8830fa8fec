using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static RethinkDb.Benchmarks.Harness.Report;

namespace RethinkDb.Benchmarks.Http;

/// <summary>
/// A small HTTP load generator for the sample Web API (<c>samples/WebApi</c>), started separately against a real
/// server: N concurrent clients for a fixed time per endpoint, reporting requests/s, p50 and p99 latency and failures.
/// <c>http --url http://127.0.0.1:5080 [--concurrency 64] [--duration 10] [--label default]</c>. Seeds heroes (POST)
/// when fewer than 50 exist, then loads <c>GET /heroes/{id}</c> (a random existing hero) and <c>GET /heroes?take=50</c>.
/// </summary>
/// <remarks>
/// Runs on the same machine as the app and the server, so they share its cores: compare modes (default against
/// <c>--RethinkDb:ResumeOnReaderThread=false</c>) run one after the other in the same conditions
/// (benchmarks/webapi-load.sh does), never absolute figures across machines.
/// </remarks>
internal static class HttpLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var url = Option(args, "--url") ?? "http://127.0.0.1:5080";
        var concurrency = int.Parse(Option(args, "--concurrency") ?? "64", CultureInfo.InvariantCulture);
        var duration = TimeSpan.FromSeconds(double.Parse(Option(args, "--duration") ?? "10", CultureInfo.InvariantCulture));
        var label = Option(args, "--label") ?? "";
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };

        var ids = await SeedAsync(client);
        Heading($"HTTP load {label}: {url}, {concurrency} concurrent clients, {duration.TotalSeconds:0} s per endpoint");
        var rows = new List<string[]>();
        foreach (var (name, path) in new (string, Func<Random, string>)[]
                 {
                     ("GET /heroes/{id}", r => $"/heroes/{Uri.EscapeDataString(ids[r.Next(ids.Count)])}"),
                     ("GET /heroes?take=50", _ => "/heroes?take=50"),
                 })
        {
            await LoadAsync(client, path, concurrency, TimeSpan.FromSeconds(Math.Min(3, duration.TotalSeconds / 3))); // warm-up
            var result = await LoadAsync(client, path, concurrency, duration);
            rows.Add([label, name, F(result.PerSecond, "N0"), F(result.P50Ms, "N2"), F(result.P99Ms, "N2"),
                result.Failures.ToString(CultureInfo.InvariantCulture), result.Requests.ToString(CultureInfo.InvariantCulture)]);
        }
        Table(["mode", "endpoint", "requests/s", "p50 ms", "p99 ms", "failures", "requests"], rows);
        return rows.Any(r => r[5] != "0") ? 3 : 0;
    }

    private static async Task<List<string>> SeedAsync(HttpClient client)
    {
        // The app creates its table in the background at start-up: wait for it.
        for (var attempt = 0; ; attempt++)
        {
            HttpResponseMessage page;
            try
            {
                page = await client.GetAsync(new Uri("/heroes?take=100", UriKind.Relative));
            }
            catch (HttpRequestException) when (attempt < 60)
            {
                await Task.Delay(1000); // the app is still starting: not listening yet
                continue;
            }
            if (page.IsSuccessStatusCode)
            {
                var heroes = await page.Content.ReadFromJsonAsync<List<JsonElement>>() ?? [];
                if (heroes.Count >= 50)
                {
                    return [.. heroes.Select(h => h.GetProperty("id").GetString()!)];
                }
                for (var i = heroes.Count; i < 100; i++)
                {
                    var created = await client.PostAsJsonAsync(new Uri("/heroes", UriKind.Relative),
                        new { name = $"Hero {i}", age = 20 + (i % 50), powers = new[] { "flight", "strength" } });
                    created.EnsureSuccessStatusCode();
                }
                continue;
            }
            if (attempt >= 60)
            {
                throw new InvalidOperationException($"GET /heroes answered {(int)page.StatusCode} for a minute; is the app connected to its server?");
            }
            await Task.Delay(1000);
        }
    }

    private static async Task<LoadResult> LoadAsync(HttpClient client, Func<Random, string> path, int concurrency, TimeSpan duration)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var perClient = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(i => Task.Run(async () =>
        {
            var random = new Random(i);
            var latencies = new List<long>(4096);
            var failures = 0;
            while (Stopwatch.GetTimestamp() < end)
            {
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.GetAsync(new Uri(path(random), UriKind.Relative), HttpCompletionOption.ResponseContentRead);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures++;
                    }
                }
                catch (HttpRequestException)
                {
                    failures++;
                }
                latencies.Add(Stopwatch.GetTimestamp() - t0);
            }
            return (latencies, failures);
        })));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = perClient.SelectMany(c => c.latencies).Order().ToArray();
        double Ms(double q) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)(q * all.Length))] * 1000.0 / Stopwatch.Frequency;
        return new LoadResult(all.Length, all.Length / elapsed, Ms(0.50), Ms(0.99), perClient.Sum(c => c.failures));
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private sealed record LoadResult(long Requests, double PerSecond, double P50Ms, double P99Ms, int Failures);
}
