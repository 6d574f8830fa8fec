using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace RethinkDb.Extensions.Hosting;

/// <summary>
/// Binds a configuration section onto <see cref="RethinkDbSettings"/>: the connection keys straight onto the core's
/// <see cref="ConnectionOptions"/>, the host's own keys onto the settings. Only keys that are present change anything,
/// so sections and code layer.
/// </summary>
/// <remarks>
/// By hand rather than with the configuration binder: configuration carries timeouts as numbers of seconds
/// (<c>"Timeout": 20</c>, as the official drivers take them), which the binder would read into a
/// <see cref="TimeSpan"/> as 20 days, and an <c>Ssl</c> section turns TLS on. No reflection (trimming and AOT safe).
/// A value of the wrong type is recorded in <see cref="RethinkDbSettings.BindingErrors"/> (naming the key, never the
/// value) and reported when the host starts, instead of throwing out of the options' factory.
/// </remarks>
internal static class RethinkDbSettingsBinder
{
    /// <summary>Every key the binder reads, relative to the section (the schema and the example list them all).</summary>
    internal static readonly string[] Keys =
    [
        "Host", "Port", "Hosts", "Db", "AuthKey", "User", "Password", "Timeout",
        "Ssl:Enabled", "Ssl:CaCerts", "Ssl:TargetHost",
        "ConnectionString", "MaxConnections", "ResumeOnReaderThread", "ReconnectDelay", "MaxReconnectDelay",
        "DisableHealthChecks", "DisableTracing", "DisableMetrics",
        "HealthCheck:Enabled", "HealthCheck:Timeout", "HealthCheck:NewConnectionPerProbe",
    ];

    public static void Bind(IConfiguration section, RethinkDbSettings settings)
    {
        if (section is IConfigurationSection { Path: var path })
        {
            settings.ConfigurationPath = path;
        }
        var c = settings.Connection ??= new ConnectionOptions();
        var reader = new Reader(section, settings);

        reader.String("Host", v => c.Host = v);
        reader.Int("Port", v => c.Port = v);
        var hosts = section.GetSection("Hosts");
        if (hosts.GetChildren().ToList() is { Count: > 0 } entries)
        {
            // GetChildren orders numeric keys as numbers (Hosts:10 after Hosts:9). A child that is itself a section
            // has no value: kept as empty, so that validation reports it by its index.
            c.Hosts = entries.Select(static e => e.Value ?? "").ToList();
        }
        reader.String("Db", v => c.Db = v);
        reader.String("AuthKey", v => c.AuthKey = v);
        reader.String("User", v => c.User = v);
        reader.String("Password", v => c.Password = v.Length == 0 ? null : v);
        reader.Seconds("Timeout", v => c.Timeout = v);
        BindSsl(section.GetSection("Ssl"), c, reader);
        reader.Int("MaxConnections", v => c.MaxConnections = v);
        reader.Bool("ResumeOnReaderThread", v => c.ResumeOnReaderThread = v);
        reader.Seconds("ReconnectDelay", v => c.ReconnectDelay = v);
        reader.Seconds("MaxReconnectDelay", v => c.MaxReconnectDelay = v);

        reader.String("ConnectionString", v => settings.ConnectionString = v);
        reader.Bool("DisableHealthChecks", v => settings.DisableHealthChecks = v);
        reader.Bool("DisableTracing", v => settings.DisableTracing = v);
        reader.Bool("DisableMetrics", v => settings.DisableMetrics = v);
        var healthCheck = settings.HealthCheck ??= new RethinkDbHealthCheckOptions();
        reader.Bool("HealthCheck:Enabled", v => healthCheck.Enabled = v);
        reader.Double("HealthCheck:Timeout", v => healthCheck.Timeout = v);
        reader.Bool("HealthCheck:NewConnectionPerProbe", v => healthCheck.NewConnectionPerProbe = v);
    }

    /// <summary>The <c>Ssl</c> section: present means TLS, unless <c>Ssl:Enabled</c> is false.</summary>
    private static void BindSsl(IConfigurationSection ssl, ConnectionOptions c, Reader reader)
    {
        if (!ssl.Exists())
        {
            return;
        }
        var enabled = true;
        reader.Bool("Ssl:Enabled", v => enabled = v);
        if (!enabled)
        {
            c.Ssl = null;
            return;
        }
        c.Ssl ??= new SslOptions();
        reader.String("Ssl:CaCerts", v => c.Ssl.CaCerts = v.Length == 0 ? null : v);
        reader.String("Ssl:TargetHost", v => c.Ssl.TargetHost = v.Length == 0 ? null : v);
    }

    /// <summary>Reads one key at a time; a value of the wrong type becomes a binding error naming the key.</summary>
    private readonly struct Reader(IConfiguration section, RethinkDbSettings settings)
    {
        public void String(string key, Action<string> set)
        {
            if (section[key] is { } value)
            {
                set(value);
            }
        }

        public void Int(string key, Action<int> set) =>
            Parse(key, set, static v => (int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i), i), "a whole number");

        public void Bool(string key, Action<bool> set) =>
            Parse(key, set, static v => (bool.TryParse(v, out var b), b), "true or false");

        public void Double(string key, Action<double> set) =>
            Parse(key, set, static v => (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d), d), "a number of seconds");

        /// <summary>A number of seconds onto a <see cref="TimeSpan"/>; one no TimeSpan can hold is reported here.</summary>
        public void Seconds(string key, Action<TimeSpan> set)
        {
            var s = settings;
            Double(key, seconds =>
            {
                if (double.IsFinite(seconds) && Math.Abs(seconds) < TimeSpan.MaxValue.TotalSeconds)
                {
                    set(TimeSpan.FromSeconds(seconds)); // the core validates the range, naming the key
                }
                else
                {
                    s.BindingErrors[key] = RethinkDbSettings.SecondsError(s.Key(key), seconds)!;
                }
            });
        }

        private void Parse<T>(string key, Action<T> set, Func<string, (bool Ok, T Value)> parse, string expected)
        {
            if (section[key] is not { } text)
            {
                return;
            }
            settings.BindingErrors.Remove(key);
            var (ok, value) = parse(text.Trim());
            if (ok)
            {
                set(value);
            }
            else
            {
                settings.BindingErrors[key] = $"{settings.Key(key)} must be {expected}.";
            }
        }
    }
}
