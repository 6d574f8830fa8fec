using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RethinkDb;
using RethinkDb.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers RethinkDB in a host: <c>builder.Services.AddRethinkDb(builder.Configuration.GetSection("RethinkDb"))</c>.</summary>
/// <remarks>
/// <para>
/// Registers <see cref="RethinkDbSettings"/> (the section bound onto the core's <see cref="RethinkDb.ConnectionOptions"/>,
/// validated when the host starts by the core's validator), a singleton
/// <see cref="RethinkDb.RethinkDbDataSource"/> (no socket opens until a query or a connection needs one), a scoped
/// <see cref="IRethinkDbConnectionFactory"/> over it, and a health check named <c>rethinkdb</c> tagged <c>ready</c>.
/// Services are added with TryAdd: calling it again adds no second pool or check, and the later configuration
/// applies on top of the earlier one.
/// </para>
/// <para>
/// Settings apply in this order: the configuration section, then <c>ConnectionStrings:rethinkdb</c> (or
/// <c>ConnectionStrings:&lt;key&gt;</c> for a keyed instance) of the application's configuration as the
/// <see cref="RethinkDbSettings.ConnectionString"/>, then the <c>configure</c> action; last, the parts the connection
/// string contains override the individual settings. A <c>configureDataSourceBuilder</c> callback then sees the
/// data source's builder, for what configuration cannot carry (serializer options for Native AOT:
/// <c>services.AddRethinkDb(section, b =&gt; b.UseJsonSerializerOptions(AppJsonContext.Default.Options))</c>).
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
        return Add(services, new RethinkDbInstance(null), configuration, null, null);
    }

    /// <summary>Adds RethinkDB configured in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the settings (the connection's in <see cref="RethinkDbSettings.Connection"/>).</param>
    public static IServiceCollection AddRethinkDb(this IServiceCollection services, Action<RethinkDbSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Add(services, new RethinkDbInstance(null), null, configure, null);
    }

    /// <summary>Adds RethinkDB configured from a configuration section, then in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section, e.g. <c>builder.Configuration.GetSection("RethinkDb")</c>.</param>
    /// <param name="configure">Sets the options after the section was bound.</param>
    public static IServiceCollection AddRethinkDb(this IServiceCollection services, IConfiguration configuration, Action<RethinkDbSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(configure);
        return Add(services, new RethinkDbInstance(null), configuration, configure, null);
    }

    /// <summary>Adds RethinkDB configured from a configuration section, with a callback on the data source's builder.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section, e.g. <c>builder.Configuration.GetSection("RethinkDb")</c>.</param>
    /// <param name="configureDataSourceBuilder">Called on the builder before the data source is built, e.g.
    /// <c>b =&gt; b.UseJsonSerializerOptions(AppJsonContext.Default.Options)</c>.</param>
    public static IServiceCollection AddRethinkDb(
        this IServiceCollection services, IConfiguration configuration, Action<RethinkDbDataSourceBuilder> configureDataSourceBuilder)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(configureDataSourceBuilder);
        return Add(services, new RethinkDbInstance(null), configuration, null, configureDataSourceBuilder);
    }

    /// <summary>Adds RethinkDB configured from a section, then in code, with a callback on the data source's builder.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section, or <see langword="null"/> for none.</param>
    /// <param name="configure">Sets the options after the section was bound, or <see langword="null"/>.</param>
    /// <param name="configureDataSourceBuilder">Called on the builder before the data source is built, or <see langword="null"/>.</param>
    public static IServiceCollection AddRethinkDb(this IServiceCollection services, IConfiguration? configuration,
        Action<RethinkDbSettings>? configure, Action<RethinkDbDataSourceBuilder>? configureDataSourceBuilder)
    {
        return Add(services, new RethinkDbInstance(null), configuration, configure, configureDataSourceBuilder);
    }

    /// <summary>Adds a RethinkDB instance under a service key, configured from a section, with a callback on its data source's builder.</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The service key, also the options name and the <c>ConnectionStrings</c> key.</param>
    /// <param name="configuration">The section, or <see langword="null"/> for none.</param>
    /// <param name="configure">Sets the options after the section was bound, or <see langword="null"/>.</param>
    /// <param name="configureDataSourceBuilder">Called on the builder before the data source is built, or <see langword="null"/>.</param>
    public static IServiceCollection AddKeyedRethinkDb(this IServiceCollection services, string serviceKey, IConfiguration? configuration,
        Action<RethinkDbSettings>? configure, Action<RethinkDbDataSourceBuilder>? configureDataSourceBuilder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceKey);
        return Add(services, new RethinkDbInstance(serviceKey), configuration, configure, configureDataSourceBuilder);
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
        return Add(services, new RethinkDbInstance(serviceKey), configuration, null, null);
    }

    /// <summary>Adds a RethinkDB instance under a service key, configured in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The service key, also the options name and the <c>ConnectionStrings</c> key.</param>
    /// <param name="configure">Sets the settings (the connection's in <see cref="RethinkDbSettings.Connection"/>).</param>
    public static IServiceCollection AddKeyedRethinkDb(this IServiceCollection services, string serviceKey, Action<RethinkDbSettings> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceKey);
        ArgumentNullException.ThrowIfNull(configure);
        return Add(services, new RethinkDbInstance(serviceKey), null, configure, null);
    }

    /// <summary>Adds a RethinkDB instance under a service key, configured from a section, then in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The service key, also the options name and the <c>ConnectionStrings</c> key.</param>
    /// <param name="configuration">The section.</param>
    /// <param name="configure">Sets the options after the section was bound.</param>
    public static IServiceCollection AddKeyedRethinkDb(
        this IServiceCollection services, string serviceKey, IConfiguration configuration, Action<RethinkDbSettings> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceKey);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(configure);
        return Add(services, new RethinkDbInstance(serviceKey), configuration, configure, null);
    }

    /// <summary>Registers one instance; shared with the Aspire-style entry point.</summary>
    internal static IServiceCollection Add(IServiceCollection services, RethinkDbInstance instance, IConfiguration? configuration,
        Action<RethinkDbSettings>? configure, Action<RethinkDbDataSourceBuilder>? configureDataSourceBuilder)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RethinkDbSettings>(instance.OptionsName);
        if (configuration is not null)
        {
            options.Configure(o => RethinkDbSettingsBinder.Bind(configuration, o));
        }

        var registration = FindRegistration(services, instance);
        if (registration is null)
        {
            registration = new Registration(instance);
            services.AddSingleton(registration);
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
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RethinkDbSettings>, RethinkDbSettingsValidator>());
            AddHealthCheck(services, instance);
        }
        if (configure is not null)
        {
            // After ConnectionStrings:<name> (registered once, above, on the first call), so the action can override it.
            options.Configure(configure);
        }
        if (configureDataSourceBuilder is not null)
        {
            registration.ConfigureDataSourceBuilder.Add(configureDataSourceBuilder);
        }

        if (instance.ServiceKey is null)
        {
            services.TryAddSingleton(sp => CreateDataSource(sp, registration));
            services.TryAddScoped<IRethinkDbConnectionFactory>(sp => new RethinkDbConnectionFactory(sp.GetRequiredService<RethinkDbDataSource>()));
        }
        else
        {
            services.TryAddKeyedSingleton(instance.ServiceKey, (sp, _) => CreateDataSource(sp, registration));
            services.TryAddKeyedScoped<IRethinkDbConnectionFactory>(instance.ServiceKey,
                (sp, key) => new RethinkDbConnectionFactory(sp.GetRequiredKeyedService<RethinkDbDataSource>(key)));
        }
        return services;
    }

    private static RethinkDbDataSource CreateDataSource(IServiceProvider services, Registration registration)
    {
        var options = services.GetRequiredService<IOptionsMonitor<RethinkDbSettings>>().Get(registration.Instance.OptionsName);
        var builder = new RethinkDbDataSourceBuilder(options.ToConnectionOptions()) { Name = registration.Instance.Name };
        builder.UseLoggerFactory(services.GetService<ILoggerFactory>());
        foreach (var configure in registration.ConfigureDataSourceBuilder)
        {
            configure(builder);
        }
        try
        {
            return builder.Build();
        }
        catch (ArgumentException ex)
        {
            // A callback made a setting invalid: name the instance, as the configuration keys cannot be named.
            throw new InvalidOperationException($"The RethinkDB data source '{registration.Instance.Name}' is misconfigured: {ex.Message}", ex);
        }
    }

    private static void AddHealthCheck(IServiceCollection services, RethinkDbInstance instance)
    {
        services.AddHealthChecks();
        services.TryAddSingleton<RethinkDbHealthCheckCache>();
        // Decided when the health check service is built, once every Configure and the configure action have run:
        // HealthCheck:Enabled may come from either, and a check added by hand under the same name wins.
        services.AddOptions<HealthCheckServiceOptions>().PostConfigure<IOptionsMonitor<RethinkDbSettings>>((healthChecks, monitor) =>
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

    private static bool IsHealthCheckEnabled(IOptionsMonitor<RethinkDbSettings> monitor, RethinkDbInstance instance)
    {
        try
        {
            var options = monitor.Get(instance.OptionsName);
            return options.HealthCheck.Enabled && !options.DisableHealthChecks;
        }
        catch (OptionsValidationException)
        {
            // Invalid settings must not break every other health check (the host fails to start anyway with
            // ValidateOnStart); the check reports the validation failure as its own.
            return true;
        }
    }

    private static Registration? FindRegistration(IServiceCollection services, RethinkDbInstance instance)
    {
        foreach (var descriptor in services)
        {
            if (!descriptor.IsKeyedService && descriptor.ImplementationInstance is Registration r && r.Instance == instance)
            {
                return r;
            }
        }
        return null;
    }

    /// <summary>Marks an instance as registered (its once-only parts are added no more) and holds its builder callbacks.</summary>
    private sealed class Registration(RethinkDbInstance instance)
    {
        public RethinkDbInstance Instance { get; } = instance;

        public List<Action<RethinkDbDataSourceBuilder>> ConfigureDataSourceBuilder { get; } = [];
    }
}
