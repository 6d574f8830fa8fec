using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Results;

public sealed class PocoTests
{
    public sealed class Address
    {
        public string City { get; set; } = "";

        public string? Street { get; set; }
    }

    public sealed class Hero
    {
        public string Id { get; set; } = "";

        public string Name { get; set; } = "";

        public int? Age { get; set; }

        public Address? Home { get; set; }

        public Address? Office { get; set; }

        public DateTimeOffset Born { get; set; }

        public DateTime? LastSeen { get; set; }

        public byte[] Photo { get; set; } = [];

        public byte[]? Thumbnail { get; set; }

        public List<string> Tags { get; set; } = [];

        public Dictionary<string, double> Scores { get; set; } = [];
    }

    private static Hero Sample() => new()
    {
        Id = "tony",
        Name = "Tony Stark",
        Age = null,
        Home = new Address { City = "Malibu", Street = null },
        Office = null,
        // The server keeps times to the millisecond (pseudo_time.cc rounds epoch_time).
        Born = new DateTimeOffset(1970, 5, 29, 13, 45, 10, 123, TimeSpan.FromHours(-7)),
        LastSeen = new DateTime(2024, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc),
        Photo = [0, 1, 2, 250, 255, 128],
        Thumbnail = null,
        Tags = ["genius", "billionaire"],
        Scores = new() { ["armor"] = 9.5, ["wit"] = 10 },
    };

    [Theory, TestServer, RealServer]
    public async Task Plain_caller_options_without_a_resolver_serialize_and_read_pocos(ServerKind kind)
    {
        // The everyday way to customise: new JsonSerializerOptions { ... } has no TypeInfoResolver yet.
        await using var target = await ServerTarget.StartAsync(kind);
        await using var conn = await target.ConnectAsync(o => o.JsonSerializerOptions = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        });
        var back = await R.Expr(new Address { City = "Malibu", Street = "10880 Malibu Point" }).RunAsync<JsonElement>(conn);
        Assert.Equal("10880 Malibu Point", back.GetProperty("street").GetString());
        var typed = await R.Expr(new Address { City = "Malibu" }).RunAsync<Address>(conn);
        Assert.Equal("Malibu", typed.City);
        Assert.Equal(new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero),
            await R.Expr(new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero)).RunAsync<DateTimeOffset>(conn));
    }

    [Theory, TestServer, RealServer]
    public async Task A_poco_round_trips_unchanged(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var heroes = await h.CreateTableAsync("heroes");
        var hero = Sample();

        var written = await heroes.Insert(hero).RunWriteAsync(h.Connection);
        Assert.Equal(1, written.Inserted);
        var back = await heroes.Get("tony").RunAsync<Hero>(h.Connection);

        Assert.Equal(hero.Id, back.Id);
        Assert.Equal(hero.Name, back.Name);
        Assert.Null(back.Age);
        Assert.Equal("Malibu", back.Home!.City);
        Assert.Null(back.Home.Street);
        Assert.Null(back.Office);
        Assert.Equal(hero.Born, back.Born);
        Assert.Equal(hero.Born.Offset, back.Born.Offset);
        Assert.Equal(hero.LastSeen, back.LastSeen);
        Assert.Equal(hero.Photo, back.Photo);
        Assert.Null(back.Thumbnail);
        Assert.Equal(hero.Tags, back.Tags);
        Assert.Equal(hero.Scores, back.Scores);
    }

    [Theory, TestServer, RealServer]
    public async Task Dates_and_bytes_are_stored_as_pseudo_types_and_stay_objects_in_raw_json(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var heroes = await h.CreateTableAsync("heroes");
        await heroes.Insert(Sample()).RunWriteAsync(h.Connection);

        var raw = await heroes.Get("tony").RunAsync(h.Connection, new RunOptions { TimeFormat = "raw", BinaryFormat = "raw" });
        var born = raw.GetProperty("born");
        Assert.Equal("TIME", born.GetProperty("$reql_type$").GetString());
        Assert.Equal(new DateTimeOffset(1970, 5, 29, 13, 45, 10, 123, TimeSpan.FromHours(-7)).ToUnixTimeMilliseconds() / 1000d,
            born.GetProperty("epoch_time").GetDouble());
        Assert.Equal("-07:00", born.GetProperty("timezone").GetString());
        var photo = raw.GetProperty("photo");
        Assert.Equal("BINARY", photo.GetProperty("$reql_type$").GetString());
        Assert.Equal(Convert.ToBase64String(new byte[] { 0, 1, 2, 250, 255, 128 }), photo.GetProperty("data").GetString());
        Assert.Equal(JsonValueKind.Null, raw.GetProperty("age").ValueKind);

        // The same document read with the default formats into typed members.
        Assert.Equal(new DateTimeOffset(1970, 5, 29, 13, 45, 10, 123, TimeSpan.FromHours(-7)),
            await heroes.Get("tony").GetField("born").RunAsync<DateTimeOffset>(h.Connection));
        Assert.Equal(new byte[] { 0, 1, 2, 250, 255, 128 }, await heroes.Get("tony")["photo"].RunAsync<byte[]>(h.Connection));
    }

    [Theory, TestServer, RealServer]
    public async Task Times_are_kept_to_the_millisecond(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var precise = new DateTimeOffset(2020, 2, 3, 4, 5, 6, TimeSpan.Zero).AddTicks(1_234_567); // 123.4567 ms
        var back = await R.Expr(precise).RunAsync<DateTimeOffset>(h.Connection);
        Assert.Equal(new DateTimeOffset(2020, 2, 3, 4, 5, 6, 123, TimeSpan.Zero), back);
    }

    [Theory, TestServer, RealServer]
    public async Task A_cursor_and_a_feed_deserialize_pocos(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var heroes = await h.CreateTableAsync("heroes");
        await using var feed = await heroes.Changes().RunChangesAsync<Hero>(h.Connection);
        await heroes.Insert(Sample()).RunWriteAsync(h.Connection);

        await using var rows = feed.GetAsyncEnumerator();
        Assert.True(await rows.MoveNextAsync());
        Assert.Equal(Sample().Born, rows.Current.NewVal!.Born);
        Assert.Equal(Sample().Photo, rows.Current.NewVal.Photo);

        await using var cursor = await heroes.RunCursorAsync<Hero>(h.Connection);
        var all = await cursor.ToListAsync();
        Assert.Equal(Sample().LastSeen, Assert.Single(all).LastSeen);
    }
}
