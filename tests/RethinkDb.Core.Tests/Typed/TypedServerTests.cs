using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;

namespace RethinkDb.Core.Tests.Typed;

/// <summary>Typed queries run against a server (the test server, and the real one when configured): results come
/// back typed, and the translated lambdas mean on the server what they mean in C#.</summary>
public sealed class TypedServerTests
{
    private static readonly Hero[] Sample =
    [
        new() { Id = "tony", Name = "Iron Man", Age = 48, Team = "avengers", RealName = "Tony Stark", Powers = ["armor", "genius"], Side = Side.Hero, Rank = 1, Address = new() { City = "Malibu" } },
        new() { Id = "steve", Name = "Captain America", Age = 101, Team = "avengers", RealName = "Steve Rogers", Powers = ["shield"], Side = Side.Hero },
        new() { Id = "logan", Name = "Wolverine", Age = 150, Team = "x-men", Powers = ["claws", "healing"], Side = Side.Hero, Rank = 3 },
        new() { Id = "victor", Name = "Doctor Doom", Age = 50, Team = null, Powers = ["armor"], Side = Side.Villain },
    ];

    private static async Task<(Harness Harness, ReqlTable<Hero> Heroes)> SeedAsync(ServerKind kind)
    {
        var h = await Harness.StartAsync(kind);
        await h.CreateTableAsync("heroes");
        var heroes = R.Db(h.Db).Table<Hero>("heroes");
        var written = await heroes.Insert(Sample).RunAsync(h.Connection);
        Assert.Equal(Sample.Length, written.Inserted);
        return (h, heroes);
    }

    [Theory, TestServer, RealServer]
    public async Task Filter_and_order_return_typed_documents(ServerKind kind)
    {
        var (h, heroes) = await SeedAsync(kind);
        await using var _ = h;

        List<Hero> avengers = await heroes.Filter(x => x.Team == "avengers" && x.Age > 40).OrderBy(x => x.Name).RunAsync(h.Connection);

        Assert.Equal(["Captain America", "Iron Man"], avengers.Select(x => x.Name));
        Assert.Equal("Tony Stark", avengers[1].RealName);
        Assert.Equal("Malibu", avengers[1].Address?.City);
    }

    [Theory, TestServer, RealServer]
    public async Task Typed_queries_run_on_a_data_source_with_their_typed_results(ServerKind kind)
    {
        var (h, heroes) = await SeedAsync(kind);
        await using var _ = h;
        await using var dataSource = RethinkDbDataSource.Create(h.Target.Options());

        List<Hero> avengers = await heroes.Filter(x => x.Team == "avengers").OrderBy(x => x.Name).RunAsync(dataSource);
        Hero? logan = await heroes.Get("logan").RunAsync(dataSource);
        long count = await heroes.Count().RunAsync(dataSource);
        WriteResult<Hero> written = await heroes.Get("logan").Update(x => new Hero { Age = x.Age + 1 }, new UpdateOptions { ReturnChanges = true })
            .RunAsync(dataSource);

        Assert.Equal(["Captain America", "Iron Man"], avengers.Select(x => x.Name));
        Assert.Equal("Wolverine", logan?.Name);
        Assert.Equal(Sample.Length, count);
        Assert.Equal(1, written.Replaced);
        Assert.Equal(151, Assert.Single(written.Changes).NewVal!.Age);
    }

    [Theory, TestServer, RealServer]
    public async Task Get_returns_the_document_or_null(ServerKind kind)
    {
        var (h, heroes) = await SeedAsync(kind);
        await using var _ = h;

        Hero? logan = await heroes.Get("logan").RunAsync(h.Connection);
        Hero? nobody = await heroes.Get("nobody").RunAsync(h.Connection);

        Assert.Equal(150, logan?.Age);
        Assert.Null(nobody);
    }

    [Theory, TestServer, RealServer]
    public async Task Collection_nullable_and_enum_predicates_mean_what_they_mean_in_CSharp(ServerKind kind)
    {
        var (h, heroes) = await SeedAsync(kind);
        await using var _ = h;
        var wanted = new[] { "logan", "victor" };

        Assert.Equal(["tony", "victor"], await IdsAsync(h, heroes, x => x.Powers.Contains("armor")));
        Assert.Equal(["logan", "victor"], await IdsAsync(h, heroes, x => wanted.Contains(x.Id)));
        Assert.Equal(["logan", "tony"], await IdsAsync(h, heroes, x => x.Rank.HasValue));
        Assert.Equal(["victor"], await IdsAsync(h, heroes, x => x.Team == null));
        Assert.Equal(["victor"], await IdsAsync(h, heroes, x => x.Side == Side.Villain));
    }

    [Theory, TestServer, RealServer]
    public async Task String_predicates_and_projections_mean_what_they_mean_in_CSharp(ServerKind kind)
    {
        var (h, heroes) = await SeedAsync(kind);
        await using var _ = h;

        Assert.Equal(["steve", "tony"], await IdsAsync(h, heroes, x => x.Name.StartsWith("Ca") || x.Name.EndsWith("Man")));
        Assert.Equal(["tony"], await IdsAsync(h, heroes, x => x.Name.ToUpperInvariant().Contains("AN", StringComparison.Ordinal) && x.Team == "avengers"));
        Assert.Equal(["victor"], await IdsAsync(h, heroes, x => string.IsNullOrEmpty(x.Team)));

        var names = await heroes.OrderBy(x => x.Age).Map(x => new { x.Name, Older = x.Age + 1 }).RunAsync(h.Connection);
        Assert.Equal("Iron Man", names[0].Name);
        Assert.Equal(49, names[0].Older);

        var query = from x in heroes where x.Age > 60 orderby x.Age descending select x.Name;
        Assert.Equal(["Wolverine", "Captain America"], await query.RunAsync(h.Connection));
    }

    private static async Task<string[]> IdsAsync(Harness h, ReqlTable<Hero> heroes, System.Linq.Expressions.Expression<Func<Hero, bool>> predicate) =>
        [.. (await heroes.Filter(predicate).RunAsync(h.Connection)).Select(x => x.Id).Order()];

    [Theory, TestServer, RealServer]
    public async Task Count_and_group_results_are_typed(ServerKind kind)
    {
        var (h, heroes) = await SeedAsync(kind);
        await using var _ = h;

        long count = await heroes.Count(x => x.Age >= 50).RunAsync(h.Connection);
        var perTeam = await heroes.Group(x => x.Team).Count().RunAsync(h.Connection);

        Assert.Equal(3, count);
        Assert.Equal([("", 1L), ("avengers", 2L), ("x-men", 1L)], perTeam.Select(g => (g.Group ?? "", g.Reduction)).OrderBy(g => g.Item1, StringComparer.Ordinal));
    }

    [Theory, TestServer, RealServer]
    public async Task Query_syntax_runs(ServerKind kind)
    {
        var (h, heroes) = await SeedAsync(kind);
        await using var _ = h;

        var query = from x in heroes where x.Age > 60 orderby x.Age descending select x;

        Assert.Equal(["Wolverine", "Captain America"], (await query.RunAsync(h.Connection)).Select(x => x.Name));
    }

    [Theory, TestServer, RealServer]
    public async Task Update_with_an_object_initializer_changes_only_the_assigned_members(ServerKind kind)
    {
        var (h, heroes) = await SeedAsync(kind);
        await using var _ = h;

        var result = await heroes.Get("tony").Update(x => new Hero { Age = x.Age + 1 }, new UpdateOptions { ReturnChanges = true }).RunAsync(h.Connection);
        var tony = await heroes.Get("tony").RunAsync(h.Connection);

        Assert.Equal(1, result.Replaced);
        Assert.Equal(49, Assert.Single(result.Changes).NewVal?.Age);
        Assert.Equal(49, tony?.Age);
        Assert.Equal("Tony Stark", tony?.RealName);
        Assert.Equal(["armor", "genius"], tony?.Powers);
    }

    [Theory, TestServer, RealServer]
    public async Task A_connection_with_another_naming_policy_names_the_fields_its_way(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var conn = await target.ConnectAsync(o => o.JsonSerializerOptions = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseUpper });
        var db = "typed_" + Guid.NewGuid().ToString("N")[..12];
        await R.DbCreate(db).RunAsync(conn);
        try
        {
            await R.Db(db).TableCreate("heroes", new TableCreateOptions { PrimaryKey = "ID" }).RunAsync(conn);
            var heroes = R.Db(db).Table<Hero>("heroes");
            await heroes.Insert(Sample).RunAsync(conn);

            var stored = await R.Db(db).Table("heroes").Get("tony").RunAsync<JsonElement>(conn);
            var found = await heroes.Filter(x => x.Age > 100 && x.RealName == "Steve Rogers").RunAsync(conn);

            Assert.Equal(48, stored.GetProperty("AGE").GetInt32());
            Assert.Equal("Steve Rogers", Assert.Single(found).RealName);
        }
        finally
        {
            await R.DbDrop(db).RunAsync(conn);
        }
    }

    [Theory, TestServer, RealServer]
    public async Task Changes_come_back_typed(ServerKind kind)
    {
        var (h, heroes) = await SeedAsync(kind);
        await using var _ = h;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        // A feed on the table: the test server has feeds on tables only.
        await using var feed = await heroes.Changes().RunAsync(h.Connection, cancellationToken: timeout.Token);
        await using var changes = feed.GetAsyncEnumerator(timeout.Token);

        await heroes.Insert(new Hero { Id = "peter", Name = "Spider-Man", Age = 17, Rank = 4 }).RunAsync(h.Connection);
        Assert.True(await changes.MoveNextAsync());
        Assert.Null(changes.Current.OldVal);
        Assert.Equal("Spider-Man", changes.Current.NewVal?.Name);
        Assert.Equal(4, changes.Current.NewVal?.Rank);
    }
}
