using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Protocol;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Results;

public sealed class ErrorMappingTests
{
    [Theory]
    [InlineData(1000000, typeof(ReqlInternalError))]
    [InlineData(2000000, typeof(ReqlResourceLimitError))]
    [InlineData(3000000, typeof(ReqlQueryLogicError))]
    [InlineData(3100000, typeof(ReqlNonExistenceError))]
    [InlineData(4100000, typeof(ReqlOpFailedError))]
    [InlineData(4200000, typeof(ReqlOpIndeterminateError))]
    [InlineData(5000000, typeof(ReqlUserError))]
    [InlineData(6000000, typeof(ReqlPermissionError))]
    [InlineData(42, typeof(ReqlRuntimeError))]
    public void Runtime_errors_map_to_the_class_of_their_error_type(int errorType, Type expected)
    {
        using var response = StubResponses.Parse($$"""{"t":18,"e":{{errorType}},"r":["the message"],"b":[0,"index",1]}""");
        var error = ResponseErrors.Create(response);
        Assert.IsType(expected, error);
        // Each row's class sits under ReqlRuntimeError, which a `catch (ReqlRuntimeError)` relies on.
        Assert.IsAssignableFrom<ReqlRuntimeError>(error);
        Assert.Equal("the message", error.Message);
        Assert.Equal([0, "index", 1], ((ReqlQueryError)error).Backtrace!);
    }

    [Fact]
    public void Client_and_compile_errors_map_to_driver_and_server_compile_errors()
    {
        using (var client = StubResponses.Parse("""{"t":16,"r":["Token 5 not in stream cache."]}"""))
        {
            var error = ResponseErrors.Create(client);
            Assert.IsType<ReqlDriverError>(error);
            Assert.Equal("Token 5 not in stream cache.", error.Message);
        }
        using var compile = StubResponses.Parse("""{"t":17,"r":["Expected 2 arguments but found 1."],"b":[]}""");
        var compileError = Assert.IsType<ReqlServerCompileError>(ResponseErrors.Create(compile));
        Assert.Empty(compileError.Backtrace!);
    }

    [Theory, TestServer, RealServer]
    public async Task Runtime_errors_of_the_server_arrive_as_their_classes(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var conn = h.Connection;
        var table = await h.CreateNumbersAsync("numbers", 3);

        var missingTable = await Assert.ThrowsAsync<ReqlOpFailedError>(() => h.Table("nope").RunAsync(conn));
        Assert.Equal($"Table `{h.Db}.nope` does not exist.", missingTable.ErrorMessage);

        var missingDb = await Assert.ThrowsAsync<ReqlOpFailedError>(() => R.Db("no_such_db_here").TableList().RunAsync(conn));
        Assert.Equal("Database `no_such_db_here` does not exist.", missingDb.ErrorMessage);

        var existing = await Assert.ThrowsAsync<ReqlOpFailedError>(() => R.DbCreate(h.Db).RunAsync(conn));
        Assert.Equal($"Database `{h.Db}` already exists.", existing.ErrorMessage);

        var missingField = await Assert.ThrowsAsync<ReqlNonExistenceError>(() => table.Get(1)["nope"].RunAsync(conn));
        Assert.Equal("No attribute `nope` in object:\n{\n\t\"group\":\t1,\n\t\"id\":\t1,\n\t\"n\":\t1\n}", missingField.ErrorMessage);

        // A datum checked inside ADD: the backtrace points at the ADD (argument 1 of the array).
        var logic = await Assert.ThrowsAsync<ReqlQueryLogicError>(() => R.Expr(new object[] { 0, R.Expr(1) + "a" }).RunAsync(conn));
        Assert.Equal("Expected type NUMBER but found STRING.", logic.ErrorMessage);
        Assert.Equal([1], logic.Backtrace!);
        // An argument converted by LIMIT: the backtrace points at the argument.
        var notNumber = await Assert.ThrowsAsync<ReqlQueryLogicError>(() => table.Limit("x").RunAsync(conn));
        Assert.Equal("Expected type NUMBER but found STRING.", notNumber.ErrorMessage);
        Assert.Equal([1], notNumber.Backtrace!);

        var divide = await Assert.ThrowsAsync<ReqlQueryLogicError>(() => (R.Expr(1) / 0).RunAsync(conn));
        Assert.Equal("Cannot divide by zero.", divide.ErrorMessage);

        var user = await Assert.ThrowsAsync<ReqlUserError>(() => R.Error("custom failure").RunAsync(conn));
        Assert.Equal("custom failure", user.ErrorMessage);

        var limit = await Assert.ThrowsAsync<ReqlResourceLimitError>(() => R.Expr(new[] { 1, 2, 3 }).RunAsync(conn, new RunOptions { ArrayLimit = 2 }));
        Assert.StartsWith("Array over size limit `2`.", limit.Message, StringComparison.Ordinal);

        var negative = await Assert.ThrowsAsync<ReqlQueryLogicError>(() => table.Limit(-1).RunAsync(conn));
        Assert.Equal("LIMIT takes a non-negative argument (got -1)", negative.ErrorMessage);
        Assert.Empty(negative.Backtrace!);
    }

    [Theory, TestServer, RealServer]
    public async Task Compile_errors_of_the_server_arrive_as_server_compile_errors(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        // The query builder never makes a GET with one argument: a raw term does.
        var arity = await Assert.ThrowsAsync<ReqlServerCompileError>(() => Q.T(TermType.Get, h.Table("x")).RunAsync(h.Connection));
        Assert.Equal("Expected 2 arguments but found 1.", arity.ErrorMessage);
        var optArg = await Assert.ThrowsAsync<ReqlServerCompileError>(() => R.Expr(new[] { 1 }).Count().OptArg("bogus", 1).RunAsync(h.Connection));
        Assert.Equal("Unrecognized optional argument `bogus`.", optArg.ErrorMessage);
    }

    [Fact]
    public void Every_term_of_the_protocol_is_evaluated_by_the_test_server_and_none_answers_the_unsupported_compile_error()
    {
        // The deprecated BETWEEN (36), the last term outside the subset, is evaluated as between now; a term added to
        // the protocol later would answer "The test server does not support the term X (n)." until it is too.
        var unsupported = Enum.GetValues<TermType>().Where(type => !RethinkDb.Testing.Evaluation.TermCompiler.IsSupported(type));

        Assert.Empty(unsupported);
    }

    [Fact]
    public async Task A_user_without_permissions_gets_a_permission_error()
    {
        var options = new TestServerOptions { AdminPassword = "admin-pw" };
        options.Users["reader"] = "reader-pw";
        await using var h = await Harness.StartAsync(ServerKind.TestServer, options);
        var table = await h.CreateTableAsync("secret");
        await using var reader = await Connection.OpenAsync(h.Target.Options(o => { o.User = "reader"; o.Password = "reader-pw"; }));
        var error = await Assert.ThrowsAsync<ReqlPermissionError>(() => table.RunAsync(reader));
        Assert.Equal("User `reader` does not have the required `read` permission.", error.ErrorMessage);
        Assert.Equal(2, await (R.Expr(1) + 1).RunAsync<int>(reader));
    }

    [Theory, TestServer, RealServer]
    public async Task Query_errors_carry_the_query_in_ReQL_form_and_carets_under_the_failing_part(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var query = R.Db(h.Db).Table("nope").Count();
        var error = await Assert.ThrowsAsync<ReqlOpFailedError>(() => query.RunAsync<int>(h.Connection));

        var failing = $"r.db(\"{h.Db}\").table(\"nope\")";
        Assert.Equal([0], error.Backtrace!);
        Assert.Equal(failing + ".count()", error.Query);
        Assert.Equal(new string('^', failing.Length), error.Carets);
        Assert.Contains(error.Query!, error.ToString(), StringComparison.Ordinal);
    }
}
