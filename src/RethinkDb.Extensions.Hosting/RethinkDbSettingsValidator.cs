using Microsoft.Extensions.Options;

namespace RethinkDb.Extensions.Hosting;

/// <summary>
/// Validates <see cref="RethinkDbSettings"/> at start-up with the core's one validator; each failure names its
/// configuration key (<c>RethinkDb:Timeout must be ...</c>) and never shows a secret. Only what the core cannot see is
/// checked here: values that were no value of their key's type, the connection string, the CA file's presence (the core
/// reads it when connecting) and the health check's own settings.
/// </summary>
internal sealed class RethinkDbSettingsValidator : IValidateOptions<RethinkDbSettings>
{
    public ValidateOptionsResult Validate(string? name, RethinkDbSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>(options.BindingErrors.Values);
        if (options.ConnectionStringError is not null)
        {
            failures.Add(options.ConnectionStringError);
        }
        if (options.Connection is null)
        {
            failures.Add($"{options.Key(nameof(RethinkDbSettings.Connection))} must not be null.");
        }
        else
        {
            // The core names settings "Timeout", "Ssl.CaCerts", "Hosts:0"; configuration keys use ':' throughout.
            failures.AddRange(options.Connection.Validate(setting => options.Key(setting.Replace('.', ':'))));
            if (options.Connection.Ssl is { CaCerts: { Length: > 0 } caCerts } && !File.Exists(caCerts))
            {
                // At start-up rather than at the first connection: a deployment with a wrong path should not start.
                failures.Add($"{options.Key("Ssl:CaCerts")}: the file '{caCerts}' does not exist.");
            }
        }
        if (options.HealthCheck is null)
        {
            failures.Add($"{options.Key(nameof(RethinkDbSettings.HealthCheck))} must not be null.");
        }
        else if (!options.BindingErrors.ContainsKey("HealthCheck:Timeout")
                 && RethinkDbSettings.SecondsError(options.Key("HealthCheck:Timeout"), options.HealthCheck.Timeout) is { } healthCheckTimeoutError)
        {
            failures.Add(healthCheckTimeoutError);
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
