using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RethinkDb.Extensions.Hosting.Tests.Infrastructure;

namespace RethinkDb.Extensions.Hosting.Tests;

/// <summary>Invalid settings stop the host at start-up with a message naming the configuration key.</summary>
public sealed class OptionsValidationTests
{
    public static TheoryData<string, string?, string> Failures => new()
    {
        { "Host", "", "RethinkDb:Host must not be empty." },
        { "Host", "   ", "RethinkDb:Host must not be empty." },
        { "Port", "0", "RethinkDb:Port must be between 1 and 65535 (was 0)." },
        { "Port", "65536", "RethinkDb:Port must be between 1 and 65535 (was 65536)." },
        { "Timeout", "0", "RethinkDb:Timeout must be a positive number of seconds (was 0)." },
        { "Timeout", "-5", "RethinkDb:Timeout must be a positive number of seconds (was -5)." },
        { "Timeout", "NaN", "RethinkDb:Timeout must be a positive number of seconds (was NaN)." },
        // Above 4294967 s a .NET timer cannot wait (it would throw at the first connection), and from about 9.2e11 s
        // TimeSpan.FromSeconds overflows: both used to pass validation.
        { "Timeout", "4294968", "RethinkDb:Timeout must be at most 4294967 seconds (was 4294968)." },
        { "Timeout", "922337203685", "RethinkDb:Timeout must be at most 4294967 seconds (was 922337203685)." },
        { "Timeout", "1e300", "RethinkDb:Timeout must be at most 4294967 seconds (was 1E+300)." },
        { "Timeout", "Infinity", "RethinkDb:Timeout must be at most 4294967 seconds (was Infinity)." },
        { "Db", "", "RethinkDb:Db must not be empty." },
        { "User", "", "RethinkDb:User must not be empty." },
        { "MaxConnections", "0", "RethinkDb:MaxConnections must be between 1 and 1024 (was 0)." },
        { "HealthCheck:Timeout", "0", "RethinkDb:HealthCheck:Timeout must be a positive number of seconds (was 0)." },
        { "HealthCheck:Timeout", "NaN", "RethinkDb:HealthCheck:Timeout must be a positive number of seconds (was NaN)." },
        { "HealthCheck:Timeout", "4294968", "RethinkDb:HealthCheck:Timeout must be at most 4294967 seconds (was 4294968)." },
        { "HealthCheck:Timeout", "1e300", "RethinkDb:HealthCheck:Timeout must be at most 4294967 seconds (was 1E+300)." },
        { "HealthCheck:Timeout", "Infinity", "RethinkDb:HealthCheck:Timeout must be at most 4294967 seconds (was Infinity)." },
        { "Ssl:CaCerts", "/does/not/exist/ca.crt", "RethinkDb:Ssl:CaCerts: the file '/does/not/exist/ca.crt' does not exist." },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task The_host_fails_to_start_with_a_message_naming_the_key(string key, string? value, string message)
    {
        using var host = BuildHost(($"RethinkDb:{key}", value));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(message, error.Failures);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthKey_and_Password_together_fail_without_showing_either()
    {
        using var host = BuildHost(("RethinkDb:AuthKey", "key-secret-1"), ("RethinkDb:Password", "pw-secret-2"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(
            "RethinkDb:AuthKey and RethinkDb:Password are both set; set one of them (AuthKey is the admin user's password).",
            error.Failures);
        Assert.DoesNotContain("key-secret-1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-secret-2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthKey_with_another_user_fails()
    {
        using var host = BuildHost(("RethinkDb:AuthKey", "k"), ("RethinkDb:User", "bob"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, f => f.StartsWith("RethinkDb:AuthKey is the admin user's password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_failure_is_reported_at_once()
    {
        using var host = BuildHost(("RethinkDb:Host", ""), ("RethinkDb:Port", "-1"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(2, error.Failures.Count());
    }

    [Fact]
    public async Task A_keyed_instance_is_validated_under_its_own_section()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("Analytics:Port", "99999")]);
        builder.Services.AddRethinkDb(builder.Configuration.GetSection("RethinkDb"));
        builder.Services.AddKeyedRethinkDb("analytics", builder.Configuration.GetSection("Analytics"));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal("analytics", error.OptionsName);
        Assert.Contains("Analytics:Port must be between 1 and 65535 (was 99999).", error.Failures);
    }

    [Fact]
    public async Task Options_set_in_code_name_the_bare_key()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddRethinkDb(o => o.Connection.Port = 0);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Port must be between 1 and 65535 (was 0).", error.Failures);
    }

    [Fact]
    public async Task The_longest_timeouts_are_valid()
    {
        using var host = BuildHost(("RethinkDb:Timeout", "4294967"), ("RethinkDb:HealthCheck:Timeout", "4294967"));

        await host.StartAsync();
        await host.StopAsync();

        Assert.Equal(TimeSpan.FromSeconds(4294967), host.Services.GetRequiredService<IOptions<RethinkDbSettings>>().Value.Connection.Timeout);
    }

    [Fact]
    public void The_timeout_bound_is_the_cores_in_whole_seconds() =>
        Assert.Equal(RethinkDbSettings.MaxTimeoutSeconds, Math.Floor(ConnectionOptions.MaxTimeout.TotalSeconds));

    // A value of the wrong type names the key and never shows the value (a secret may be typed in the wrong place).
    [Theory]
    [InlineData("Timeout", "soon-hunter2", "RethinkDb:Timeout must be a number of seconds.")]
    [InlineData("ReconnectDelay", "1s-hunter2", "RethinkDb:ReconnectDelay must be a number of seconds.")]
    [InlineData("MaxReconnectDelay", "x-hunter2", "RethinkDb:MaxReconnectDelay must be a number of seconds.")]
    [InlineData("Port", "http-hunter2", "RethinkDb:Port must be a whole number.")]
    [InlineData("MaxConnections", "4.5", "RethinkDb:MaxConnections must be a whole number.")]
    [InlineData("ResumeOnReaderThread", "yes-hunter2", "RethinkDb:ResumeOnReaderThread must be true or false.")]
    [InlineData("Ssl:Enabled", "on-hunter2", "RethinkDb:Ssl:Enabled must be true or false.")]
    [InlineData("DisableTracing", "hunter2", "RethinkDb:DisableTracing must be true or false.")]
    [InlineData("HealthCheck:Timeout", "hunter2", "RethinkDb:HealthCheck:Timeout must be a number of seconds.")]
    [InlineData("HealthCheck:Enabled", "hunter2", "RethinkDb:HealthCheck:Enabled must be true or false.")]
    public async Task A_value_of_the_wrong_type_fails_naming_the_key_without_the_value(string key, string value, string message)
    {
        using var host = BuildHost(($"RethinkDb:{key}", value));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal([message], error.Failures);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "RethinkDb:Hosts:1 is empty.")]
    [InlineData("h:99999", "RethinkDb:Hosts:1 'h:99999' has an invalid port (between 1 and 65535).")]
    [InlineData("admin:pw-hunter2@h", "RethinkDb:Hosts:1 contains '@': credentials belong in User and Password, not in a host entry.")]
    [InlineData("[::1", "RethinkDb:Hosts:1 '[::1' has no closing ']'.")]
    public async Task A_bad_host_entry_fails_naming_its_index(string entry, string message)
    {
        using var host = BuildHost(("RethinkDb:Hosts:0", "good-host"), ("RethinkDb:Hosts:1", entry));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal([message], error.Failures);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_value_corrected_by_a_later_layer_is_no_error()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("A:Timeout", "soon"), new("B:Timeout", "5")]);
        builder.Services.AddRethinkDb(builder.Configuration.GetSection("A"));
        builder.Services.AddRethinkDb(builder.Configuration.GetSection("B"));
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        Assert.Equal(TimeSpan.FromSeconds(5), host.Services.GetRequiredService<IOptions<RethinkDbSettings>>().Value.Connection.Timeout);
    }

    [Fact]
    public void A_timeout_no_timer_can_wait_is_rejected_by_the_core_when_the_data_source_is_built()
    {
        var error = Assert.Throws<ArgumentException>(() => RethinkDbDataSource.Create(new ConnectionOptions { Timeout = TimeSpan.FromSeconds(4294968) }));
        Assert.StartsWith("Timeout must be at most 4294967 seconds (was 4294968).", error.Message, StringComparison.Ordinal);
        Assert.Equal("Timeout", error.ParamName);
    }

    [Fact]
    public async Task Valid_settings_start_without_opening_a_connection()
    {
        await using var server = await Testing.RethinkDbTestServer.StartAsync();
        using var host = BuildHost(Hosts.ServerSection(server));

        await host.StartAsync();
        await host.StopAsync();

        Assert.Equal(0, server.ConnectionsAccepted);
    }

    private static IHost BuildHost(params (string Key, string? Value)[] values)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)));
        builder.Services.AddRethinkDb(builder.Configuration.GetSection("RethinkDb"));
        return builder.Build();
    }
}
