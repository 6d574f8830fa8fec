using System.Text.Json;

namespace RethinkDb;

/// <summary>
/// A query's result with the server's profile of how it evaluated it (<c>run(conn, {profile: true})</c> in the
/// official drivers, which answer <c>{profile, value}</c>), from
/// <see cref="ReqlExpr.RunProfiledAsync{T}(Connection, RunOptions?, CancellationToken)"/>.
/// </summary>
/// <typeparam name="T">The type the result was read as.</typeparam>
public sealed class ProfiledResult<T>
{
    internal ProfiledResult(T value, JsonElement profile)
    {
        Value = value;
        Profile = profile;
    }

    /// <summary>The result, read as <see cref="ReqlExpr.RunAsync{T}(Connection, RunOptions?, CancellationToken)"/> reads it.</summary>
    public T Value { get; }

    /// <summary>
    /// The profile: a JSON array of tasks, each <c>{"description", "duration(ms)", "sub_tasks"}</c>, nested as the
    /// server evaluated the terms (a sequence's tasks come with its first batch). An empty array when the server
    /// sent none.
    /// </summary>
    public JsonElement Profile { get; }
}
