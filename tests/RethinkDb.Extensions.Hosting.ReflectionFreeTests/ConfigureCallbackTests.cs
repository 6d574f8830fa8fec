using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RethinkDb.Testing;

namespace RethinkDb.Extensions.Hosting.ReflectionFreeTests;

/// <summary>
/// With reflection off (as under Native AOT), POCO queries through AddRethinkDb work exactly when the configure
/// callback hands the data source a source-generated context.
/// </summary>
public sealed class ConfigureCallbackTests
{
    [Fact]
    public void Reflection_is_really_off_in_this_project()
    {
        Assert.False(JsonSerializer.IsReflectionEnabledByDefault);
    }

    [Fact]
    public async Task The_callbacks_resolver_serves_POCO_queries_through_the_factory_and_the_data_source()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        await using var provider = Build(server, b => b.UseJsonSerializerOptions(HeroJsonContext.Default.Options));
        var dataSource = provider.GetRequiredService<RethinkDbDataSource>();
        await R.TableCreate("heroes").RunAsync(dataSource);
        await R.Table("heroes").Insert(new Hero("1", "Iron Man")).RunWriteAsync(dataSource);

        List<Hero> viaDataSource = await R.Table("heroes").RunAsync<List<Hero>>(dataSource);
        List<Hero> viaFactory;
        await using (var scope = provider.CreateAsyncScope())
        {
            await using var connection = await scope.ServiceProvider.GetRequiredService<IRethinkDbConnectionFactory>().OpenAsync();
            viaFactory = await R.Table("heroes").RunAsync<List<Hero>>(connection);
        }

        Assert.Equal([new Hero("1", "Iron Man")], viaDataSource);
        Assert.Equal([new Hero("1", "Iron Man")], viaFactory);
        Assert.Same(HeroJsonContext.Default, dataSource.JsonOptions.TypeInfoResolverChain[0]);
    }

    [Fact]
    public async Task Without_the_callback_the_same_query_fails_for_want_of_metadata()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        await using var provider = Build(server, configure: null);
        var dataSource = provider.GetRequiredService<RethinkDbDataSource>();
        await R.TableCreate("heroes").RunAsync(dataSource);

        await Assert.ThrowsAnyAsync<Exception>(() => R.Table("heroes").RunAsync<List<Hero>>(dataSource));
    }

    private static ServiceProvider Build(RethinkDbTestServer server, Action<RethinkDbDataSourceBuilder>? configure)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RethinkDb:Host"] = server.Host,
            ["RethinkDb:Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddRethinkDb(configuration.GetSection("RethinkDb"), configure: null, configureDataSourceBuilder: configure);
        return services.BuildServiceProvider();
    }
}

public sealed record Hero(string Id, string Name);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Hero))]
[JsonSerializable(typeof(List<Hero>))]
internal sealed partial class HeroJsonContext : JsonSerializerContext;
