using System.Linq.Expressions;
using static RethinkDb.Core.Tests.Typed.TypedAssert;

namespace RethinkDb.Core.Tests.Typed;

/// <summary>Typed roots, sequence commands and C# query syntax, against the untyped queries they must send.</summary>
public sealed class TypedQueryTests
{
    private static readonly ReqlTable<Hero> Heroes = R.Table<Hero>("heroes");
    private static readonly ReqlTerm Untyped = R.Table("heroes");

    [Fact]
    public void Typed_roots_send_the_untyped_terms()
    {
        SameWire(R.Table("heroes"), R.Table<Hero>("heroes"));
        SameWire(R.Db("marvel").Table("heroes"), R.Db("marvel").Table<Hero>("heroes"));
        SameWire(R.Table("heroes").OptArg("read_mode", "outdated"), R.Table<Hero>("heroes", new TableOptions { ReadMode = ReadMode.Outdated }));
        var heroes = new List<Hero> { new() { Name = "a" } };
        SameWire(R.Expr(heroes), R.Sequence(heroes));
    }

    [Fact]
    public void Selections_and_sequence_commands()
    {
        SameWire(Untyped.Get("iron-man"), Heroes.Get("iron-man"));
        SameWire(Untyped.GetAll("a", "b").OptArg("index", "team"), Heroes.GetAll(IndexOptions.Of("team"), "a", "b"));
        SameWire(Untyped.Between(1, 5).OptArg("right_bound", "closed"), Heroes.Between(1, 5, new BetweenOptions { RightBound = Bound.Closed }));
        SameWire(Untyped.Limit(3).Skip(1), Heroes.Limit(3).Skip(1));
        SameWire(Untyped.Slice(1, 4), Heroes.Slice(1, 4));
        SameWire(Untyped.Nth(0), Heroes.Nth(0));
        SameWire(Untyped.Pluck("name", "real_name"), Heroes.Pluck(h => h.Name, h => h.RealName));
        SameWire(Untyped.Without("age"), Heroes.Without(h => h.Age));
        SameWire(Untyped.Distinct(), Heroes.Distinct());
        SameWire(Untyped.Count(), Heroes.Count());
        SameWire(Untyped.Count(h => h["age"] > 3), Heroes.Count(h => h.Age > 3));
        SameWire(Untyped.Sum("age"), Heroes.Sum(h => h.Age));
        SameWire(Untyped.Avg(h => h["age"] * 2), Heroes.Avg(h => h.Age * 2));
        SameWire(Untyped.Min("age"), Heroes.Min(h => h.Age));
        SameWire(Untyped.Max("age"), Heroes.Max(h => h.Age));
        SameWire(Untyped.ConcatMap(h => h["powers"]), Heroes.ConcatMap(h => h.Powers));
        SameWire(Untyped.Filter(h => h["age"] > 3).OptArg("default", true), Heroes.Filter(h => h.Age > 3, new FilterOptions { Default = true }));
    }

    [Fact]
    public void Ordering_by_members_sends_field_names_and_by_expressions_functions()
    {
        SameWire(Untyped.OrderBy("name", R.Desc("age")), Heroes.OrderBy(h => h.Name).ThenByDescending(h => h.Age));
        SameWire(Untyped.OrderBy(R.Desc("real_name"), "age"), Heroes.OrderByDescending(h => h.RealName).ThenBy(h => h.Age));
        SameWire(Untyped.OrderBy(h => h["name"].Downcase()), Heroes.OrderBy(h => h.Name.ToLowerInvariant()));
        SameWire(Untyped.OrderBy().OptArg("index", "age"), Heroes.OrderBy(IndexOptions.Of("age")));
    }

    [Fact]
    public void Grouping_and_aggregating_groups()
    {
        SameWire(Untyped.Group("team").Count(), Heroes.Group(h => h.Team).Count());
        SameWire(Untyped.Group(h => h["address"]["city"]).Sum("age"), Heroes.Group(h => h.Address!.City).Sum(h => h.Age));
        SameWire(Untyped.Group("team").OptArg("multi", true), Heroes.Group(h => h.Team, new GroupOptions { Multi = true }));
    }

    [Fact]
    public void Joins()
    {
        var teams = R.Table<Team>("teams");
        SameWire(Untyped.EqJoin("team", R.Table("teams")), Heroes.EqJoin(h => h.Team, teams));
        SameWire(Untyped.InnerJoin(R.Table("teams"), (h, t) => h["team"] == t["id"]), Heroes.InnerJoin(teams, (h, t) => h.Team == t.Id));
        SameWire(Untyped.OuterJoin(R.Table("teams"), (h, t) => h["team"] == t["id"]), Heroes.OuterJoin(teams, (h, t) => h.Team == t.Id));
    }

    [Fact]
    public void Writes_and_changefeeds()
    {
        var hero = new Hero { Name = "x" };
        SameWire(Untyped.Insert(hero).OptArg("conflict", "update"), Heroes.Insert(hero, new InsertOptions { Conflict = Conflict.Update }));
        SameWire(Untyped.Insert(new[] { hero }), Heroes.Insert([hero]));
        SameWire(Untyped.Get("x").Update(new { age = 3 }), Heroes.Get("x").Update(new { age = 3 }));
        SameWire(Untyped.Get("x").Replace(hero), Heroes.Get("x").Replace(hero));
        SameWire(Untyped.Filter(h => h["age"] > 3).Delete().OptArg("durability", "soft"),
            Heroes.Filter(h => h.Age > 3).Delete(new DeleteOptions { Durability = Durability.Soft }));
        SameWire(Untyped.Changes().OptArg("include_initial", true), Heroes.Changes(new ChangesOptions { IncludeInitial = true }));
        SameWire(Untyped.Get("x").Changes(), Heroes.Get("x").Changes());
        SameWire(Untyped.IndexCreate("team_lower", h => h["team"].Downcase()).OptArg("multi", false),
            Heroes.IndexCreate("team_lower", h => h.Team!.ToLowerInvariant(), new IndexCreateOptions { Multi = false }));
    }

    [Fact]
    public void Query_syntax_binds_to_the_typed_commands()
    {
        var query = from h in Heroes where h.Age > 30 orderby h.Name select h.Name;
        SameWire(Untyped.Filter(h => h["age"] > 30).OrderBy("name").Map(h => h["name"]), query);

        var descending = from h in Heroes orderby h.Age descending, h.Name select h;
        // The compiler drops a `select h` that follows other clauses.
        SameWire(Untyped.OrderBy(R.Desc("age"), "name"), descending);

        var grouped = from h in Heroes group h by h.Team;
        SameWire(Untyped.Group("team"), grouped);
    }

    [Fact]
    public void Query_syntax_joins_and_second_from()
    {
        var teams = R.Table<Team>("teams");
        var joined = from h in Heroes join t in teams on h.Team equals t.Id select new { Hero = h.Name, Team = t.Name };
        SameWire(
            Untyped.EqJoin("team", R.Table("teams")).OptArg("index", "id")
                .Map(p => R.Expr(new Dictionary<string, object?> { ["hero"] = p["left"]["name"], ["team"] = p["right"]["name"] })),
            joined);

        var powers = from h in Heroes from p in h.Powers select new { h.Name, Power = p };
        SameWire(
            Untyped.ConcatMap(h => h["powers"].Map(p => R.Expr(new Dictionary<string, object?> { ["name"] = h["name"], ["power"] = p }))),
            powers);
    }

    [Fact]
    public void A_join_on_an_inner_key_that_is_not_a_member_is_refused()
    {
        var teams = R.Table<Team>("teams");
        var error = Assert.Throws<ReqlDriverCompileError>(() =>
            from h in Heroes join t in teams on h.Team equals t.Name.ToLowerInvariant() select h);
        Assert.Contains("inner key", error.Message);
    }

    [Fact]
    public void Untranslatable_constructs_are_compile_errors_that_name_the_construct_and_the_lambda()
    {
        var method = Assert.Throws<ReqlDriverCompileError>(() => Heroes.Filter(h => h.Name.Trim() == "x"));
        Assert.Contains("Trim", method.Message);
        Assert.Contains("h => ", method.Message);

        var ctor = Assert.Throws<ReqlDriverCompileError>(() => Heroes.Map(h => new KeyValuePair<string, int>(h.Name, h.Age)));
        Assert.Contains("KeyValuePair", ctor.Message);

        var power = Assert.Throws<ReqlDriverCompileError>(() => Heroes.Map(h => h.Age << 2));
        Assert.Contains("LeftShift", power.Message);

        var client = Assert.Throws<ReqlDriverCompileError>(() => Heroes.Filter(h => h.Name == Throwing()));
        Assert.Contains("InvalidOperationException", client.Message);
    }

    [Fact]
    public void A_huge_expression_is_a_compile_error_not_a_stack_overflow()
    {
        var h = Expression.Parameter(typeof(Hero), "h");
        Expression body = Expression.Property(h, nameof(Hero.Age));
        for (var i = 0; i < 100_000; i++)
        {
            body = Expression.Add(body, Expression.Constant(1));
        }
        var lambda = Expression.Lambda<Func<Hero, int>>(body, h);

        var error = Assert.Throws<ReqlDriverCompileError>(() => Heroes.Map(lambda));
        Assert.Contains("deep", error.Message);
    }

    [Fact]
    public void A_huge_client_side_expression_is_a_compile_error_not_a_stack_overflow()
    {
        var h = Expression.Parameter(typeof(Hero), "h");
        Expression constant = Expression.Constant(1);
        for (var i = 0; i < 100_000; i++)
        {
            constant = Expression.Add(constant, Expression.Constant(1));
        }
        var lambda = Expression.Lambda<Func<Hero, bool>>(Expression.Equal(Expression.Property(h, nameof(Hero.Age)), constant), h);

        var error = Assert.Throws<ReqlDriverCompileError>(() => Heroes.Filter(lambda));
        Assert.Contains("deep", error.Message);
    }

    [Fact]
    public void A_typed_query_can_be_an_argument_of_an_untyped_one()
    {
        SameWire(R.Table("villains").Union(R.Table("heroes").Filter(h => h["age"] > 3)),
            R.Table("villains").Union(Heroes.Filter(h => h.Age > 3)));
    }

    private static string Throwing() => throw new InvalidOperationException("no");
}
