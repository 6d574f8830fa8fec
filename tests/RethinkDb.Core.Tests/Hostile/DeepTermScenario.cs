using System.Buffers;
using System.Text;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Hostile;

/// <summary>
/// Builds chains of 10,000 and 100,000 terms and prints and encodes them, on a thread with a 1 MiB stack (less than
/// the thread pool's). Run in a child process by <see cref="DeepQueryTests"/>: before the fix, this overflowed the
/// stack and the process died.
/// </summary>
internal static class DeepTermScenario
{
    public static int Run()
    {
        var failures = new List<string>();
        var thread = new Thread(() => RunAll(failures), maxStackSize: 1024 * 1024);
        thread.Start();
        thread.Join();
        foreach (var failure in failures)
        {
            Console.WriteLine("FAIL " + failure);
        }
        Console.WriteLine(failures.Count == 0 ? "ALL OK" : $"{failures.Count} FAILED");
        return failures.Count == 0 ? 0 : 1;
    }

    private static void RunAll(List<string> failures)
    {
        foreach (var n in new[] { 10_000, 100_000 })
        {
            ReqlExpr add = R.Expr(0);
            for (var i = 0; i < n; i++)
            {
                add = add.Add(1);
            }
            ReqlExpr or = R.Expr(false);
            for (var i = 0; i < n; i++)
            {
                or |= R.Expr(true);
            }
            var lambda = R.Expr(1).Do(x =>
            {
                var body = x;
                for (var i = 0; i < n; i++)
                {
                    body = body.Add(1);
                }
                return body;
            });

            foreach (var (name, query) in new[] { ("add", add), ("or", or), ("lambda", lambda) })
            {
                Check(failures, $"{name} {n} ToString", () =>
                {
                    var text = query.ToString();
                    return text.Contains("...", StringComparison.Ordinal) ? null : "no '...' where the printing stopped";
                });
                Check(failures, $"{name} {n} printed with a backtrace", () =>
                {
                    var (printed, _) = ReqlPrinter.Print(query, Enumerable.Repeat<object>(0, n).ToArray());
                    return printed.Length > 0 ? null : "nothing printed";
                });
                Check(failures, $"{name} {n} error message", () =>
                {
                    var backtrace = "[" + string.Join(",", Enumerable.Repeat("0", n)) + "]";
                    var body = Encoding.UTF8.GetBytes("{\"t\":18,\"e\":3000000,\"r\":[\"boom\"],\"b\":" + backtrace + "}");
                    using var response = Response.Parse(1, new ReadOnlySequence<byte>(body));
                    var error = ResponseErrors.Create(response, query);
                    return error.Message.Contains("boom", StringComparison.Ordinal) ? null : "message lost: " + error.Message;
                });
                Check(failures, $"{name} {n} encoded", () =>
                {
                    try
                    {
                        QueryEncoder.Start(new ArrayBufferWriter<byte>(),
                            new QueryEncoder.StartQuery(query, null, null, false, RethinkDbJson.DefaultOptions));
                        return "encoded without error";
                    }
                    catch (ReqlDriverCompileError ex) when (ex.Message.Contains("nests too deeply", StringComparison.Ordinal))
                    {
                        return null;
                    }
                });
            }
        }
    }

    private static void Check(List<string> failures, string name, Func<string?> step)
    {
        try
        {
            if (step() is { } failure)
            {
                failures.Add($"{name}: {failure}");
            }
        }
        catch (Exception ex)
        {
            failures.Add($"{name}: {ex.GetType().Name}: {ex.Message}");
        }
    }
}
