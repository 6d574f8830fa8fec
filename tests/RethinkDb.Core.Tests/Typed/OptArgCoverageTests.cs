using System.Reflection;
using RethinkDb.Core.Tests.Ast;

namespace RethinkDb.Core.Tests.Typed;

/// <summary>
/// Every optional argument of every command has a typed way to be set, and it is sent under its wire name.
/// </summary>
public sealed class OptArgCoverageTests
{
    /// <summary>
    /// The commands that take an options object in the official JavaScript driver (drivers/javascript/ast.coffee of
    /// rethinkdb/rethinkdb: the methods declared with <c>aropt</c> or that look for a trailing options dictionary),
    /// with the optional arguments the server accepts for each (the <c>optargspec_t</c> lists of
    /// src/rdb_protocol/terms/*.cc, v2.4.x; the deprecated <c>use_outdated</c> of TABLE is left out, <c>read_mode</c>
    /// replaces it). <c>fold</c> and <c>union</c> take optargs on the server though this ast.coffee predates them.
    /// Each row: the command, its optargs, and how the test applies a typed options object to it.
    /// </summary>
    private static readonly (string Command, string[] OptArgs, Type Options, Func<ReqlOptArgs, ReqlTerm> Apply)[] Commands =
    [
        ("table", ["read_mode", "identifier_format"], typeof(TableOptions), o => R.Table("t", (TableOptions)o)),
        ("db.table", ["read_mode", "identifier_format"], typeof(TableOptions), o => R.Db("d").Table("t", (TableOptions)o)),
        ("tableCreate", ["primary_key", "shards", "replicas", "nonvoting_replica_tags", "primary_replica_tag", "durability"],
            typeof(TableCreateOptions), o => R.TableCreate("t", (TableCreateOptions)o)),
        ("db.tableCreate", ["primary_key", "shards", "replicas", "nonvoting_replica_tags", "primary_replica_tag", "durability"],
            typeof(TableCreateOptions), o => R.Db("d").TableCreate("t", (TableCreateOptions)o)),
        ("wait", ["wait_for", "timeout"], typeof(WaitOptions), o => R.Table("t").Wait((WaitOptions)o)),
        ("reconfigure", ["shards", "replicas", "primary_replica_tag", "nonvoting_replica_tags", "dry_run", "emergency_repair"],
            typeof(ReconfigureOptions), o => R.Table("t").Reconfigure((ReconfigureOptions)o)),
        ("indexCreate", ["multi", "geo"], typeof(IndexCreateOptions), o => R.Table("t").IndexCreate("i", (IndexCreateOptions)o)),
        ("indexCreate(function)", ["multi", "geo"], typeof(IndexCreateOptions), o => R.Table("t").IndexCreate("i", x => x["a"], (IndexCreateOptions)o)),
        ("indexRename", ["overwrite"], typeof(IndexRenameOptions), o => R.Table("t").IndexRename("a", "b", (IndexRenameOptions)o)),
        ("insert", ["conflict", "durability", "return_changes", "ignore_write_hook"], typeof(InsertOptions),
            o => R.Table("t").Insert(new { a = 1 }, (InsertOptions)o)),
        ("update", ["non_atomic", "durability", "return_changes", "ignore_write_hook"], typeof(UpdateOptions),
            o => R.Table("t").Update(new { a = 1 }, (UpdateOptions)o)),
        ("update(function)", ["non_atomic", "durability", "return_changes", "ignore_write_hook"], typeof(UpdateOptions),
            o => R.Table("t").Update(x => x, (UpdateOptions)o)),
        ("replace", ["non_atomic", "durability", "return_changes", "ignore_write_hook"], typeof(UpdateOptions),
            o => R.Table("t").Replace(new { id = 1 }, (UpdateOptions)o)),
        ("delete", ["durability", "return_changes", "ignore_write_hook"], typeof(DeleteOptions), o => R.Table("t").Delete((DeleteOptions)o)),
        ("getAll", ["index"], typeof(IndexOptions), o => R.Table("t").GetAll((IndexOptions)o, "a", "b")),
        ("between", ["index", "left_bound", "right_bound"], typeof(BetweenOptions), o => R.Table("t").Between(1, 2, (BetweenOptions)o)),
        ("filter", ["default"], typeof(FilterOptions), o => R.Table("t").Filter(x => x["a"] == 1, (FilterOptions)o)),
        ("orderBy", ["index"], typeof(IndexOptions), o => R.Table("t").OrderBy((IndexOptions)o)),
        ("slice", ["left_bound", "right_bound"], typeof(RangeBounds), o => R.Expr(new[] { 1, 2 }).Slice(0, 1, (RangeBounds)o)),
        ("eqJoin", ["index", "ordered"], typeof(EqJoinOptions), o => R.Table("t").EqJoin("a", R.Table("u"), (EqJoinOptions)o)),
        ("group", ["index", "multi"], typeof(GroupOptions), o => R.Table("t").Group((GroupOptions)o)),
        ("min", ["index"], typeof(IndexOptions), o => R.Table("t").Min((IndexOptions)o)),
        ("max", ["index"], typeof(IndexOptions), o => R.Table("t").Max((IndexOptions)o)),
        ("distinct", ["index"], typeof(IndexOptions), o => R.Table("t").Distinct((IndexOptions)o)),
        ("changes", ["squash", "changefeed_queue_size", "include_initial", "include_states", "include_offsets", "include_types"],
            typeof(ChangesOptions), o => R.Table("t").Changes((ChangesOptions)o)),
        ("during", ["left_bound", "right_bound"], typeof(RangeBounds), o => R.Now().During(R.Now(), R.Now(), (RangeBounds)o)),
        ("distance", ["geo_system", "unit"], typeof(GeoOptions), o => R.Point(0, 0).Distance(R.Point(1, 1), (GeoOptions)o)),
        ("r.distance", ["geo_system", "unit"], typeof(GeoOptions), o => R.Distance(R.Point(0, 0), R.Point(1, 1), (GeoOptions)o)),
        ("getIntersecting", ["index"], typeof(IndexOptions), o => R.Table("t").GetIntersecting(R.Point(0, 0), (IndexOptions)o)),
        ("getNearest", ["index", "max_results", "max_dist", "unit", "geo_system"], typeof(GetNearestOptions),
            o => R.Table("t").GetNearest(R.Point(0, 0), (GetNearestOptions)o)),
        ("r.circle", ["num_vertices", "geo_system", "unit", "fill"], typeof(CircleOptions), o => R.Circle(R.Point(0, 0), 1, (CircleOptions)o)),
        ("r.js", ["timeout"], typeof(JsOptions), o => R.Js("1", (JsOptions)o)),
        ("r.http", ["timeout", "attempts", "redirects", "verify", "result_format", "method", "auth", "params", "header", "data", "page", "page_limit"],
            typeof(HttpOptions), o => R.Http("http://x", (HttpOptions)o)),
        ("r.random", ["float"], typeof(RandomOptions), o => R.Random((RandomOptions)o, 0, 1)),
        ("r.ISO8601", ["default_timezone"], typeof(Iso8601Options), o => R.Iso8601("2020-01-01T00:00:00", (Iso8601Options)o)),
        ("fold", ["emit", "final_emit"], typeof(FoldOptions), o => R.Range(3).Fold(0, (a, x) => a + x, (FoldOptions)o)),
        ("union", ["interleave"], typeof(UnionOptions), o => R.Table("t").Union((UnionOptions)o, R.Table("u"))),
        ("r.union", ["interleave"], typeof(UnionOptions), o => R.Union((UnionOptions)o, R.Table("t"), R.Table("u"))),
    ];

    public static TheoryData<string> CommandNames() => [.. Commands.Select(c => c.Command)];

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void Every_optarg_of_the_command_has_a_typed_property_and_only_those_are_sent(string command)
    {
        var (_, optArgs, type, apply) = Commands.Single(c => c.Command == command);

        var term = apply(FullySet(type));

        var sent = term.OptArgs.Select(o => o.Key).ToArray();
        Assert.Equal(optArgs.Order(), sent.Order());
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void Options_left_unset_send_no_optargs(string command)
    {
        var (_, _, type, apply) = Commands.Single(c => c.Command == command);

        var term = apply((ReqlOptArgs)Activator.CreateInstance(type)!);

        Assert.Empty(term.OptArgs);
    }

    [Fact]
    public void Every_options_class_is_covered_by_some_command()
    {
        var optionTypes = typeof(ReqlOptArgs).Assembly.GetExportedTypes()
            .Where(t => t.IsSubclassOf(typeof(ReqlOptArgs)) && !t.IsAbstract);
        Assert.Empty(optionTypes.Except(Commands.Select(c => c.Options)));
    }

    [Fact]
    public void Every_value_of_every_optarg_enum_has_a_wire_name()
    {
        var wireNames = typeof(OptArgCollector).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name == "WireName");
        var checkedEnums = 0;
        foreach (var method in wireNames)
        {
            var enumType = method.GetParameters()[0].ParameterType;
            var names = Enum.GetValues(enumType).Cast<object>().Select(v => (string)method.Invoke(null, [v])!).ToList();
            Assert.Equal(names.Count, names.Distinct().Count());
            Assert.All(names, n => Assert.False(string.IsNullOrEmpty(n)));
            checkedEnums++;
        }
        Assert.Equal(12, checkedEnums);
    }

    [Fact]
    public void An_enum_value_outside_the_defined_set_is_a_compile_error()
    {
        var error = Assert.Throws<ReqlDriverCompileError>(() => R.Table("t").Insert(1, new InsertOptions { Durability = (Durability)7 }));
        Assert.Contains("Durability", error.Message);
    }

    /// <summary>An options object with every property set to a value that is not its default.</summary>
    private static ReqlOptArgs FullySet(Type type)
    {
        var options = (ReqlOptArgs)Activator.CreateInstance(type)!;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            property.SetValue(options, SampleValue(property.PropertyType));
        }
        return options;
    }

    private static object SampleValue(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return Enum.GetValues(type).Cast<object>().Last();
        }
        if (type == typeof(ChangesSquash))
        {
            return (ChangesSquash)TimeSpan.FromMilliseconds(200);
        }
        if (type == typeof(ReplicaCount))
        {
            return (ReplicaCount)2;
        }
        return type switch
        {
            _ when type == typeof(bool) => true,
            _ when type == typeof(int) => 2,
            _ when type == typeof(long) => 2L,
            _ when type == typeof(double) => 2.5,
            _ when type == typeof(string) => "x",
            _ when type == typeof(TimeSpan) => TimeSpan.FromSeconds(1.5),
            _ when type == typeof(object) => "x",
            _ when type == typeof(HttpAuth) => new HttpAuth("user", "secret"),
            _ when type == typeof(IReadOnlyList<string>) => new[] { "a" },
            _ when type == typeof(IReadOnlyDictionary<string, string>) => new Dictionary<string, string> { ["a"] = "b" },
            _ when type == typeof(IReadOnlyDictionary<string, object?>) => new Dictionary<string, object?> { ["a"] = 1 },
            _ when type == typeof(Func<ReqlExpr, ReqlExpr>) => (Func<ReqlExpr, ReqlExpr>)(x => x),
            _ when type == typeof(Func<ReqlExpr, ReqlExpr, ReqlExpr, ReqlExpr>) => (Func<ReqlExpr, ReqlExpr, ReqlExpr, ReqlExpr>)((a, b, c) => c),
            _ => throw new InvalidOperationException($"No sample value for {type}: extend the test."),
        };
    }
}
