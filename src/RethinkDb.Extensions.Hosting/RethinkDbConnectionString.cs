namespace RethinkDb.Extensions.Hosting;

/// <summary>
/// Applies <see cref="RethinkDbSettings.ConnectionString"/> with the core's parser
/// (<see cref="ConnectionOptions.ApplyConnectionString"/>): the parts it contains override the individual settings.
/// </summary>
internal static class RethinkDbConnectionString
{
    /// <summary>Applies the string; records a failure, naming where the string came from, in <see cref="RethinkDbSettings.ConnectionStringError"/>.</summary>
    public static void Apply(RethinkDbSettings settings)
    {
        settings.ConnectionStringError = null;
        if (string.IsNullOrWhiteSpace(settings.ConnectionString) || settings.Connection is null)
        {
            return;
        }
        try
        {
            settings.Connection.ApplyConnectionString(settings.ConnectionString);
        }
        catch (ArgumentException ex)
        {
            // The core's message never contains the string; name its key instead of "The connection string".
            var source = settings.ConnectionStringSource ?? settings.Key(nameof(RethinkDbSettings.ConnectionString));
            var reason = ex.Message.StartsWith(ConnectionOptions.InvalidConnectionStringMessage, StringComparison.Ordinal)
                ? ex.Message[ConnectionOptions.InvalidConnectionStringMessage.Length..]
                : ex.Message;
            settings.ConnectionStringError = $"{source} is not a valid rethinkdb:// connection string: {reason}";
        }
    }
}
