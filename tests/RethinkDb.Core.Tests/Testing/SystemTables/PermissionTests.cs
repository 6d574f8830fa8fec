using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;

namespace RethinkDb.Core.Tests.Testing.SystemTables;

/// <summary>
/// Users and permissions (clustering/administration/auth/ of 2.4.4): users added through <c>rethinkdb.users</c>,
/// <c>grant</c> at the global, database and table scopes, the permissions table, and the checks each operation makes
/// for a user other than admin. The same assertions run against a real server when RETHINKDB_HOST is set.
/// </summary>
public sealed class PermissionTests
{
    private static ReqlTerm System(string table) => R.Db("rethinkdb").Table(table);

    private static async Task<string> CreateUserAsync(Harness h, string password = "user-pw")
    {
        var name = "u_" + Guid.NewGuid().ToString("N")[..10];
        var result = await System("users").Insert(new { id = name, password }).RunAsync(h.Connection);
        Assert.Equal(1, result.GetProperty("inserted").GetInt32());
        return name;
    }

    private static async Task DeleteUserAsync(Harness h, string name) =>
        await System("users").Get(name).Delete().RunAsync(h.Connection);

    private static async Task<string> DeniedAsync(Func<Task> query) =>
        (await Assert.ThrowsAsync<ReqlPermissionError>(query)).ErrorMessage;

    // A grant reaches the other connections a moment after it returns on a real server: it waits until its own
    // server thread sees the change (auth/grant.cc), and a connection on another of the server's threads sees it
    // later. These retry a user's query until the change shows (within Eventually's deadline).

    /// <summary>Runs <paramref name="query"/> until it is no longer refused for want of a permission just granted.</summary>
    private static async Task<T> OnceGrantedAsync<T>(Func<Task<T>> query)
    {
        T result = default!;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                result = await query();
                return true;
            }
            catch (ReqlPermissionError)
            {
                return false;
            }
        }, "still refused 10 s after the permission was granted");
        return result;
    }

    /// <summary>Runs <paramref name="query"/> until it is refused for want of a permission just revoked; the refusal's message.</summary>
    private static async Task<string> OnceRevokedAsync(Func<Task> query)
    {
        var refusal = "";
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await query();
                return false;
            }
            catch (ReqlPermissionError denied)
            {
                refusal = denied.ErrorMessage;
                return true;
            }
        }, "still allowed 10 s after the permission was revoked");
        return refusal;
    }

    [Theory, TestServer, RealServer]
    public async Task Users_are_added_changed_and_removed_through_the_users_table(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var name = await CreateUserAsync(h);
        try
        {
            Assert.Equal($"{{\"id\":\"{name}\",\"password\":true}}", (await System("users").Get(name).RunAsync(h.Connection)).GetRawText());
            await using (var asUser = await h.Target.ConnectAsync(o => { o.User = name; o.Password = "user-pw"; }))
            {
                Assert.Equal(2, await (R.Expr(1) + 1).RunAsync<int>(asUser));
            }
            var noPassword = await System("users").Get(name).Update(new { password = false }).RunAsync(h.Connection);
            Assert.Equal(1, noPassword.GetProperty("replaced").GetInt32());
            Assert.False((await System("users").Get(name).RunAsync(h.Connection)).GetProperty("password").GetBoolean());
            var bad = await System("users").Get(name).Update(new { password = 5 }).RunAsync(h.Connection);
            Assert.Equal("Expected an object, string or boolean for `password`, got 5.", bad.GetProperty("first_error").GetString());
            var extra = await System("users").Insert(new { id = name + "x", password = "p", admin = true }).RunAsync(h.Connection);
            Assert.Equal("Unexpected key(s) `admin`.", extra.GetProperty("first_error").GetString());
            var admin = await System("users").Get("admin").Delete().RunAsync(h.Connection);
            Assert.Equal("The user `admin` can't be deleted.", admin.GetProperty("first_error").GetString());
        }
        finally
        {
            await DeleteUserAsync(h, name);
        }
        Assert.Equal(JsonValueKind.Null, (await System("users").Get(name).RunAsync(h.Connection)).ValueKind);
    }

    [Theory, TestServer, RealServer]
    public async Task Grant_answers_the_changes_and_fills_the_permissions_table(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");
        var name = await CreateUserAsync(h);
        try
        {
            var global = await R.Grant(name, new { read = true }).RunAsync(h.Connection);
            Assert.Equal("{\"granted\":1,\"permissions_changes\":[{\"new_val\":{\"read\":true},\"old_val\":null}]}", global.GetRawText());
            var onDb = await R.Db(h.Db).Grant(name, new { write = true, config = false }).RunAsync(h.Connection);
            Assert.Equal("{\"granted\":1,\"permissions_changes\":[{\"new_val\":{\"config\":false,\"write\":true},\"old_val\":null}]}", onDb.GetRawText());
            var again = await R.Db(h.Db).Grant(name, new { config = (bool?)null }).RunAsync(h.Connection);
            Assert.Equal("{\"granted\":1,\"permissions_changes\":[{\"new_val\":{\"write\":true},\"old_val\":{\"config\":false,\"write\":true}}]}", again.GetRawText());
            await table.Grant(name, new { read = false }).RunAsync(h.Connection);

            var rows = (await System("permissions").Filter(new { user = name }).OrderBy(row => row["id"].Count()).RunAsync(h.Connection)).EnumerateArray().ToList();
            Assert.Equal(3, rows.Count);
            Assert.Equal($"{{\"id\":[\"{name}\"],\"permissions\":{{\"read\":true}},\"user\":\"{name}\"}}", rows[0].GetRawText());
            var dbId = (await R.Db(h.Db).Config().RunAsync(h.Connection)).GetProperty("id").GetString();
            var tableId = (await table.Config().RunAsync(h.Connection)).GetProperty("id").GetString();
            Assert.Equal($"{{\"database\":\"{h.Db}\",\"id\":[\"{name}\",\"{dbId}\"],\"permissions\":{{\"write\":true}},\"user\":\"{name}\"}}", rows[1].GetRawText());
            Assert.Equal($"{{\"database\":\"{h.Db}\",\"id\":[\"{name}\",\"{dbId}\",\"{tableId}\"],\"permissions\":{{\"read\":false}},\"table\":\"items\",\"user\":\"{name}\"}}", rows[2].GetRawText());

            // Undeciding every permission of a scope removes its row.
            await table.Grant(name, new { read = (bool?)null }).RunAsync(h.Connection);
            Assert.Equal(2, await System("permissions").Filter(new { user = name }).Count().RunAsync<int>(h.Connection));
            // Writing the permissions table grants too.
            var written = await System("permissions").Get(new[] { name }).Update(new { permissions = new { config = true } }).RunAsync(h.Connection);
            Assert.Equal(1, written.GetProperty("replaced").GetInt32());
            Assert.Equal("{\"config\":true,\"read\":true}", (await System("permissions").Get(new[] { name }).RunAsync(h.Connection)).GetProperty("permissions").GetRawText());
        }
        finally
        {
            await DeleteUserAsync(h, name);
        }
    }

    [Theory, TestServer, RealServer]
    public async Task Grant_refuses_with_the_real_servers_messages(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var name = await CreateUserAsync(h);
        try
        {
            async Task ExpectAsync(string message, ReqlExpr query) =>
                Assert.Equal(message, (await Assert.ThrowsAsync<ReqlOpFailedError>(() => query.RunAsync(h.Connection))).ErrorMessage);

            await ExpectAsync("The `connect` permission is only valid at the global scope.", R.Db(h.Db).Grant(name, new { connect = true }));
            await ExpectAsync("Expected a boolean or null for `read`, got 1.", R.Grant(name, new { bogus = true, read = 1 }));
            await ExpectAsync("Unexpected key(s) `bogus`.", R.Grant(name, new { bogus = true }));
            await ExpectAsync("Expected an object, got \"all\".", R.Grant(name, "all"));
            await ExpectAsync("The permissions of the user `admin` can't be modified.", R.Grant("admin", new { read = true }));
            await ExpectAsync("User `nobody_at_all` not found.", R.Grant("nobody_at_all", new { read = true }));
            var adminRow = await System("permissions").Get(new[] { "admin" }).Update(new { permissions = new { read = false } }).RunAsync(h.Connection);
            Assert.Equal("The permissions of the user `admin` can't be modified.", adminRow.GetProperty("first_error").GetString());
        }
        finally
        {
            await DeleteUserAsync(h, name);
        }
    }

    [Theory, TestServer, RealServer]
    public async Task A_users_permissions_decide_what_it_may_read_write_and_configure(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var table = await h.CreateTableAsync("items");
        await table.Insert(new { id = 1 }).RunWriteAsync(h.Connection);
        var name = await CreateUserAsync(h);
        try
        {
            await using var user = await h.Target.ConnectAsync(o => { o.User = name; o.Password = "user-pw"; });
            string Message(string permission) => $"User `{name}` does not have the required `{permission}` permission.";

            Assert.Equal(Message("read"), await DeniedAsync(() => table.Count().RunAsync(user)));
            Assert.Equal(Message("write"), await DeniedAsync(() => table.Insert(new { id = 2 }).RunAsync(user)));
            Assert.Equal(Message("config"), await DeniedAsync(() => R.DbCreate(h.Db + "_x").RunAsync(user)));
            Assert.Equal(Message("config"), await DeniedAsync(() => R.Db(h.Db).TableCreate("more").RunAsync(user)));
            Assert.Equal(Message("config"), await DeniedAsync(() => table.Config().RunAsync(user)));
            Assert.Equal(Message("config"), await DeniedAsync(() => table.IndexCreate("n").RunAsync(user)));
            // Status and index lists need no permission.
            Assert.Equal("items", (await table.Status().RunAsync(user)).GetProperty("name").GetString());
            Assert.Equal("[]", (await table.IndexList().RunAsync(user)).GetRawText());
            // grant needs read and write on rethinkdb.permissions.
            Assert.Equal(Message("read"), await DeniedAsync(() => R.Grant(name, new { read = true }).RunAsync(user)));

            await R.Db(h.Db).Grant(name, new { read = true }).RunAsync(h.Connection);
            Assert.Equal(1, await OnceGrantedAsync(() => table.Count().RunAsync<int>(user)));
            Assert.Equal(Message("write"), await DeniedAsync(() => table.Insert(new { id = 2 }).RunAsync(user)));
            Assert.Equal(Message("write"), await DeniedAsync(() => table.Get(1).Delete().RunAsync(user)));

            await table.Grant(name, new { write = true }).RunAsync(h.Connection);
            Assert.Equal(1, (await OnceGrantedAsync(() => table.Insert(new { id = 2 }).RunWriteAsync(user))).Inserted);
            // The table scope decides before the database scope.
            await table.Grant(name, new { read = false }).RunAsync(h.Connection);
            Assert.Equal(Message("read"), await OnceRevokedAsync(() => table.Count().RunAsync(user)));
            await table.Grant(name, new { read = (bool?)null }).RunAsync(h.Connection);
            Assert.Equal(2, await OnceGrantedAsync(() => table.Count().RunAsync<int>(user)));

            await R.Db(h.Db).Grant(name, new { config = true }).RunAsync(h.Connection);
            await OnceGrantedAsync(() => R.Db(h.Db).TableCreate("more").RunAsync(user));
            Assert.Equal("items", (await table.Config().RunAsync(user)).GetProperty("name").GetString());
            Assert.Equal(Message("config"), await DeniedAsync(() => R.DbCreate(h.Db + "_x").RunAsync(user)));

            // The system database does not inherit the global scope. The table's reads then come from the global
            // scope alone: once they succeed, the global grant is in force for this user's connection.
            await R.Db(h.Db).Grant(name, new { read = (bool?)null }).RunAsync(h.Connection);
            Assert.Equal(Message("read"), await OnceRevokedAsync(() => table.Count().RunAsync(user)));
            await R.Grant(name, new { read = true }).RunAsync(h.Connection);
            Assert.Equal(2, await OnceGrantedAsync(() => table.Count().RunAsync<int>(user)));
            Assert.Equal(Message("read"), await DeniedAsync(() => System("users").Count().RunAsync(user)));
            await R.Db("rethinkdb").Grant(name, new { read = true }).RunAsync(h.Connection);
            Assert.True(await OnceGrantedAsync(() => System("users").Count().RunAsync<int>(user)) >= 2);
        }
        finally
        {
            await DeleteUserAsync(h, name);
        }
    }

    [Fact]
    public async Task A_test_cluster_shares_its_users_and_their_permissions()
    {
        await using var cluster = await RethinkDb.Testing.RethinkDbTestCluster.StartAsync(2);
        await using var admin = await Connection.OpenAsync(cluster.Nodes[0].CreateConnectionOptions());
        await System("users").Insert(new { id = "shared", password = "pw" }).RunAsync(admin);
        await R.Db("test").TableCreate("items").RunAsync(admin);
        await R.Db("test").Grant("shared", new { read = true }).RunAsync(admin);
        var options = cluster.Nodes[1].CreateConnectionOptions();
        options.User = "shared";
        options.Password = "pw";
        await using var onOther = await Connection.OpenAsync(options);
        Assert.Equal(0, await R.Db("test").Table("items").Count().RunAsync<int>(onOther));
        var denied = await Assert.ThrowsAsync<ReqlPermissionError>(() => R.Db("test").Table("items").Insert(new { id = 1 }).RunAsync(onOther));
        Assert.Equal("User `shared` does not have the required `write` permission.", denied.ErrorMessage);
    }
}
