using RethinkDb.Core.Tests.Ast;
using RethinkDb.Protocol;
using static RethinkDb.Core.Tests.Typed.TypedAssert;

namespace RethinkDb.Core.Tests.Typed;

/// <summary>
/// The per-lambda translation cache: a lambda built again by the same code reuses its translation, while captured
/// values are read again on every call and literals are part of the cache key.
/// </summary>
public sealed class LambdaCacheTests
{
    private static readonly ReqlTable<Hero> Heroes = R.Table<Hero>("heroes");
    private static readonly ReqlTerm Untyped = R.Table("heroes");

    private static ReqlSequence<Hero> OlderThan(int age) => Heroes.Filter(h => h.Age > age);

    private static ReqlSequence<Hero> Named(string name) => Heroes.Filter(h => h.Name == name && h.Age > 1);

    private static ReqlSequence<Hero> Literal() => Heroes.Filter(h => h.Age > 30 && h.Powers.Any(p => p == "flight"));

    [Fact]
    public void A_lambda_without_captures_reuses_its_translation()
    {
        var first = (ReqlTerm)Literal().Term;
        var second = (ReqlTerm)Literal().Term;

        Assert.Same(first.Args[1], second.Args[1]);
        SameWire(Untyped.Filter(h => (h["age"] > 30) & h["powers"].Contains(p => p == "flight")), second);
    }

    [Fact]
    public void Captured_values_are_read_again_on_every_call()
    {
        for (var age = 0; age < 5; age++)
        {
            var expected = age;
            SameWire(Untyped.Filter(h => h["age"] > expected), OlderThan(age));
        }
        SameWire(Untyped.Filter(h => (h["name"] == "Thor") & (h["age"] > 1)), Named("Thor"));
        SameWire(Untyped.Filter(h => (h["name"] == "Loki") & (h["age"] > 1)), Named("Loki"));
        SameWire(Untyped.Filter(h => (h["name"] == R.Expr(null)) & (h["age"] > 1)), Named(null!));
    }

    [Fact]
    public void A_captured_variable_changed_between_calls_is_seen()
    {
        var team = "avengers";
        ReqlSequence<Hero> Query() => Heroes.Filter(h => h.Team == team);

        var avengers = Wire.Json(Query());
        team = "x-men";
        var xmen = Wire.Json(Query());

        Assert.Contains("avengers", avengers, StringComparison.Ordinal);
        Assert.Contains("x-men", xmen, StringComparison.Ordinal);
        Assert.DoesNotContain("avengers", xmen, StringComparison.Ordinal);
    }

    [Fact]
    public void Literals_are_part_of_the_key()
    {
        SameWire(Untyped.Filter(h => h["age"] > 30), Heroes.Filter(h => h.Age > 30));
        SameWire(Untyped.Filter(h => h["age"] > 31), Heroes.Filter(h => h.Age > 31));
        SameWire(Untyped.Filter(h => h["score"] > 0.0), Heroes.Filter(h => h.Score > 0.0));
        SameWire(Untyped.Filter(h => h["score"] > -0.0), Heroes.Filter(h => h.Score > -0.0));
    }

    [Fact]
    public void A_translation_decided_by_a_captured_value_is_not_reused()
    {
        static ReqlSequence<Hero> Prefixed(string prefix) => Heroes.Filter(h => h.Name.StartsWith(prefix));

        SameWire(Untyped.Filter(h => h["name"].Match("^Ir") != R.Expr(null)), Prefixed("Ir"));
        SameWire(Untyped.Filter(h => h["name"].Match("^Th") != R.Expr(null)), Prefixed("Th"));
    }

    [Fact]
    public void Errors_are_reported_on_every_call_not_only_the_first()
    {
        static ReqlSequence<Hero> Divided(int by) => Heroes.Filter(h => h.Age > 10 / by);

        SameWire(Untyped.Filter(h => h["age"] > 5), Divided(2));
        var error = Assert.Throws<ReqlDriverCompileError>(() => Divided(0));
        Assert.Contains("DivideByZeroException", error.Message, StringComparison.Ordinal);
        SameWire(Untyped.Filter(h => h["age"] > 10), Divided(1));
    }

    [Fact]
    public void A_kept_tree_is_recognised_by_identity_and_means_the_same()
    {
        System.Linq.Expressions.Expression<Func<Hero, bool>> kept = h => h.Age > 30 && h.Powers.Any(p => p == "flight");
        Promote(kept);

        var hits = LambdaCache.KnownTreeHits;
        var first = Wire.Json(Heroes.Filter(kept)); // a shape-cache hit on a promoted tree: entered by identity
        var second = Wire.Json(Heroes.Filter(kept));
        var third = Wire.Json(Heroes.Filter(kept));

        Assert.True(LambdaCache.KnownTreeHits - hits >= 2, $"{LambdaCache.KnownTreeHits - hits} identity hits");
        SameWire(Untyped.Filter(h => (h["age"] > 30) & h["powers"].Contains(p => p == "flight")), Heroes.Filter(kept));
        Assert.Equal(first, second);
        Assert.Equal(first, third);
    }

    [Fact]
    public void A_kept_tree_reads_its_captured_values_again_on_every_call()
    {
        var threshold = new Threshold { Age = 30 };
        System.Linq.Expressions.Expression<Func<Hero, bool>> kept = h => h.Age > threshold.Age;
        Promote(kept);

        var hits = LambdaCache.KnownTreeHits;
        for (var age = 30; age < 35; age++)
        {
            threshold.Age = age;
            var expected = age;
            SameWire(Untyped.Filter(h => h["age"] > expected), Heroes.Filter(kept));
        }
        Assert.True(LambdaCache.KnownTreeHits - hits >= 3, $"{LambdaCache.KnownTreeHits - hits} identity hits");
    }

    // Identity is used only for trees in the GC's oldest generation (a tree built per call never gets there).
    private static void Promote(object tree)
    {
        for (var i = 0; i < GC.MaxGeneration && GC.GetGeneration(tree) < GC.MaxGeneration; i++)
        {
            GC.Collect();
        }
        Assert.Equal(GC.MaxGeneration, GC.GetGeneration(tree));
    }

    private sealed class Threshold
    {
        public int Age { get; set; }
    }

    [Fact]
    public void A_captured_query_is_never_spliced_into_a_shared_translation()
    {
        static ReqlSequence<object> With(ReqlExpr extra) => Heroes.Map(h => (object)new { h.Name, Extra = extra });

        var inner = R.Expr(new[] { "a" });
        var first = (ReqlTerm)With(inner).Term;
        var second = (ReqlTerm)With(inner).Term;

        Assert.NotSame(first.Args[1], second.Args[1]);
    }

    [Fact]
    public void A_translation_copied_as_encoded_json_follows_the_options_it_is_written_with()
    {
        // More options instances than a cached function keeps encodings for, each with its own naming policy.
        var policies = new (System.Text.Json.JsonNamingPolicy? Policy, string Age, string Powers)[]
        {
            (null, "Age", "Powers"),
            (System.Text.Json.JsonNamingPolicy.SnakeCaseUpper, "AGE", "POWERS"),
            (System.Text.Json.JsonNamingPolicy.KebabCaseUpper, "AGE", "POWERS"),
            (System.Text.Json.JsonNamingPolicy.CamelCase, "age", "powers"),
            (null, "Age", "Powers"),
            (System.Text.Json.JsonNamingPolicy.SnakeCaseUpper, "AGE", "POWERS"),
        };
        var options = policies.Select(p => new System.Text.Json.JsonSerializerOptions(RethinkDbJson.DefaultOptions) { PropertyNamingPolicy = p.Policy }).ToArray();

        // The same cached function, written alternately with each: every write has the names of its options.
        for (var round = 0; round < 3; round++)
        {
            var query = Literal();
            Assert.Contains("\"age\"", Wire.Json(query), StringComparison.Ordinal);
            for (var i = 0; i < options.Length; i++)
            {
                var json = Wire.Json(query, options[i]);
                Assert.Contains($"[170,[[10,", json, StringComparison.Ordinal);
                Assert.Matches($"\\[170,\\[\\[10,\\[\\d+\\]\\],\"{policies[i].Age}\"\\]\\]", json);
                Assert.Contains($"\"{policies[i].Powers}\"", json, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void A_cached_function_stays_visible_to_the_printer_and_the_read_retry_check()
    {
        var query = Literal();
        query = Literal(); // the second call takes the cached, pre-encoded translation

        var text = query.ToString();
        Assert.Contains("filter", text, StringComparison.Ordinal);
        Assert.Contains("\"flight\"", text, StringComparison.Ordinal);
        Assert.Contains("gt", text, StringComparison.Ordinal);
        Assert.True(RethinkDb.DataSource.ReadRetryPolicy.IsReadOnly(query));
    }

    [Fact]
    public void A_cached_function_deep_inside_a_query_meets_the_nesting_limit_as_terms_do()
    {
        Literal();
        ReqlExpr cached = Literal(); // the cached, pre-encoded translation
        ReqlExpr terms = Untyped.Filter(h => (h["age"] > 30) & h["powers"].Contains(p => p == "flight")); // same wire, built term by term
        for (var i = 0; i < 2030; i++)
        {
            cached = R.Expr(new[] { cached });
            terms = R.Expr(new[] { terms });
        }

        // Around the limit, the copied function is written or refused exactly where the same function written term
        // by term is: the copy never carries a query past the limit.
        var (written, refused) = (0, 0);
        for (var i = 0; i < 40; i++, cached = R.Expr(new[] { cached }), terms = R.Expr(new[] { terms }))
        {
            var expected = DepthOrRefused(terms);
            Assert.Equal(expected, DepthOrRefused(cached));
            _ = expected is null ? refused++ : written++;
        }
        Assert.True(written > 0 && refused > 0, $"written {written}, refused {refused}: the limit was not crossed");
    }

    private static int? DepthOrRefused(ReqlExpr query)
    {
        try
        {
            return DepthOf(Encode(query));
        }
        catch (ReqlDriverCompileError error) when (error.Message.Contains("nests too deeply", StringComparison.Ordinal))
        {
            return null;
        }
    }

    // Written as the query encoder writes (its writer allows more depth than the driver's limit, which decides).
    private static byte[] Encode(ReqlExpr query)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, QueryEncoder.WriterOptions))
        {
            query.WriteTo(writer, RethinkDbJson.DefaultOptions);
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static int DepthOf(byte[] json)
    {
        var reader = new System.Text.Json.Utf8JsonReader(json, new System.Text.Json.JsonReaderOptions { MaxDepth = 10_000 });
        var depth = 0;
        while (reader.Read())
        {
            depth = Math.Max(depth, reader.CurrentDepth + 1);
        }
        return depth;
    }
}
