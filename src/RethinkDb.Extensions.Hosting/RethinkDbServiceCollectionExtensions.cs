using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RethinkDb.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers RethinkDB in a host: <c>builder.Services.AddRethinkDb(builder.Configuration.GetSection("RethinkDb"))</c>.</summary>
/// <remarks>
/// <para>
/// Registers <see cref="RethinkDbOptions"/> (validated when the host starts), a singleton
/// <see cref="RethinkDbConnectionPool"/> (no socket opens until a connection is asked for), a scoped
/// <see cref="IRethinkDbConnectionFactory"/>, and a health check named <c>rethinkdb</c> tagged <c>ready</c>.
/// Services are added with TryAdd: calling it again adds no second pool or check, and the later configuration
/// applies on top of the earlier one.
/// </para>
/// <para>
/// Settings apply in this order: the configuration section, then <c>ConnectionStrings:rethinkdb</c> (or
/// <c>ConnectionStrings:&lt;key&gt;</c> for a keyed instance) of the application's configuration as the
/// <see cref="RethinkDbOptions.ConnectionString"/>, then the <c>configure</c> action; last, the parts the connection
/// string contains override the individual settings.
/// </para>
/// </remarks>
public static class RethinkDbServiceCollectionExtensions
{
    /// <summary>Adds RethinkDB configured from a configuration section.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section, e.g. <c>builder.Configuration.GetSection("RethinkDb")</c>.</param>
    public static IServiceCollection AddRethinkDb(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Add(services, new RethinkDbInstance(null), configuration, null);
    }

    /// <summary>Adds RethinkDB configured in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    public static IServiceCollection AddRethinkDb(this IServiceCollection services, Action<RethinkDbOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Add(services, new RethinkDbInstance(null), null, configure);
    }

    /// <summary>Adds RethinkDB configured from a configuration section, then in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section, e.g. <c>builder.Configuration.GetSection("RethinkDb")</c>.</param>
    /// <param name="configure">Sets the options after the section was bound.</param>
    public static IServiceCollection AddRethinkDb(this IServiceCollection services, IConfiguration configuration, Action<RethinkDbOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(configure);
        return Add(services, new RethinkDbInstance(null), configuration, configure);
    }

    /// <summary>
    /// Adds a RethinkDB instance under a service key (another cluster): inject
    /// <c>[FromKeyedServices("analytics")] IRethinkDbConnectionFactory</c>. It has its own pool and its own health
    /// check, <c>rethinkdb_&lt;key&gt;</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The service key, also the options name and the <c>ConnectionStrings</c> key.</param>
    /// <param name="configuration">The section, e.g. <c>builder.Configuration.GetSection("Analytics")</c>.</param>
    public static IServiceCollection AddKeyedRethinkDb(this IServiceCollection services, string serviceKey, IConfiguration configuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceKey);
        ArgumentNullException.ThrowIfNull(configuration);
        return Add(services, new RethinkDbInstance(serviceKey), configuration, null);
    }

    /// <summary>Adds a RethinkDB instance under a service key, configured in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The service key, also the options name and the <c>ConnectionStrings</c> key.</param>
    /// <param name="configure">Sets the options.</param>
    public static IServiceCollection AddKeyedRethinkDb(this IServiceCollection services, string serviceKey, Action<RethinkDbOptions> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceKey);
        ArgumentNullException.ThrowIfNull(configure);
        return Add(services, new RethinkDbInstance(serviceKey), null, configure);
    }

    /// <summary>Adds a RethinkDB instance under a service key, configured from a section, then in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The service key, also the options name and the <c>ConnectionStrings</c> key.</param>
    /// <param name="configuration">The section.</param>
    /// <param name="configure">Sets the options after the section was bound.</param>
    public static IServiceCollection AddKeyedRethinkDb(
        this IServiceCollection services, string serviceKey, IConfiguration configuration, Action<RethinkDbOptions> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceKey);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(configure);
        return Add(services, new RethinkDbInstance(serviceKey), configuration, configure);
    }

    private static IServiceCollection Add(
        IServiceCollection services, RethinkDbInstance instance, IConfiguration? configuration, Action<RethinkDbOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RethinkDbOptions>(instance.OptionsName);
        if (configuration is not null)
        {
            options.Configure(o =>
            {
                // Intercepted by the configuration binder source generator: no reflection.
                configuration.Bind(o);
                if (configuration is IConfigurationSection section)
                {
                    o.ConfigurationPath = section.Path;
                }
            });
        }

        if (!IsRegistered(services, instance))
        {
            services.AddSingleton(new Registration(instance));
            options.Configure<IServiceProvider>((o, sp) =>
            {
                var connectionString = sp.GetService<IConfiguration>()?.GetConnectionString(instance.ConnectionName);
                if (!string.IsNullOrWhiteSpace(connectionString))
                {
                    o.ConnectionString = connectionString;
                    o.ConnectionStringSource = $"ConnectionStrings:{instance.ConnectionName}";
                }
            });
            options.PostConfigure(RethinkDbConnectionString.Apply);
            options.ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RethinkDbOptions>, RethinkDbOptionsValidator>());
            AddHealthCheck(services, instance);
        }
        if (configure is not null)
        {
            // After ConnectionStrings:<name> (registered once, above, on the first call), so the action can override it.
            options.Configure(configure);
        }

        if (instance.ServiceKey is null)
        {
            services.TryAddSingleton(sp => CreatePool(sp, instance));
            services.TryAddScoped<IRethinkDbConnectionFactory>(sp => new RethinkDbConnectionFactory(sp.GetRequiredService<RethinkDbConnectionPool>()));
        }
        else
        {
            services.TryAddKeyedSingleton(instance.ServiceKey, (sp, _) => CreatePool(sp, instance));
            services.TryAddKeyedScoped<IRethinkDbConnectionFactory>(instance.ServiceKey,
                (sp, key) => new RethinkDbConnectionFactory(sp.GetRequiredKeyedService<RethinkDbConnectionPool>(key)));
        }
        return services;
    }

    private static RethinkDbConnectionPool CreatePool(IServiceProvider services, RethinkDbInstance instance) => new(
        services.GetRequiredService<IOptionsMonitor<RethinkDbOptions>>().Get(instance.OptionsName),
        services.GetService<ILoggerFactory>(),
        instance.Name);

    private static void AddHealthCheck(IServiceCollection services, RethinkDbInstance instance)
    {
        services.AddHealthChecks();
        services.TryAddSingleton<RethinkDbHealthCheckCache>();
        // Decided when the health check service is built, once every Configure and the configure action have run:
        // HealthCheck:Enabled may come from either, and a check added by hand under the same name wins.
        services.AddOptions<HealthCheckServiceOptions>().PostConfigure<IOptionsMonitor<RethinkDbOptions>>((healthChecks, monitor) =>
        {
            if (!IsHealthCheckEnabled(monitor, instance) ||
                healthChecks.Registrations.Any(r => string.Equals(r.Name, instance.Name, StringComparison.Ordinal)))
            {
                return;
            }
            healthChecks.Registrations.Add(
                RethinkDbHealthChecksBuilderExtensions.CreateRegistration(instance, instance.Name, failureStatus: null, tags: null, timeout: null));
        });
    }

    private static bool IsHealthCheckEnabled(IOptionsMonitor<RethinkDbOptions> monitor, RethinkDbInstance instance)
    {
        try
        {
            return monitor.Get(instance.OptionsName).HealthCheck.Enabled;
        }
        catch (OptionsValidationException)
        {
            // Invalid settings must not break every other health check (the host fails to start anyway with
            // ValidateOnStart); the check reports the validation failure as its own.
            return true;
        }
    }

    private static bool IsRegistered(IServiceCollection services, RethinkDbInstance instance) =>
        services.Any(d => !d.IsKeyedService && d.ServiceType == typeof(Registration) && d.ImplementationInstance is Registration r && r.Instance == instance);

    /// <summary>Marks an instance as registered, so that a second call adds its once-only parts no more.</summary>
    private sealed record Registration(RethinkDbInstance Instance);
}
