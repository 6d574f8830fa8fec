using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// The global optarg <c>profile: true</c>: answers carry a profile (the <c>p</c> field, after <c>r</c> and before
/// <c>n</c>), an array of tasks <c>{description, duration(ms), sub_tasks}</c> nested as the terms were evaluated
/// (src/rdb_protocol/profile.cc, client_protocol/json.cc of 2.4.4). Read through a bare socket, to see the wire
/// shape; the driver's RunProfiledAsync is tested in Results/ProfiledRunTests.
/// </summary>
public sealed class ProfileTests
{
    [Theory, TestServer, RealServer]
    public async Task A_profiled_query_answers_its_evaluation_tasks(ServerKind kind)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.SendAsync(1, """[1,[24,[1,2]],{"profile":true}]""");
        var (_, atom) = await raw.ReceiveAsync();
        Assert.Equal(["t", "r", "p"], atom.EnumerateObject().Select(p => p.Name));
        Assert.Equal("[3]", atom.GetProperty("r").GetRawText());
        var add = Assert.Single(atom.GetProperty("p").EnumerateArray());
        AssertTask("Evaluating ADD.", add);
        var operands = add.GetProperty("sub_tasks").EnumerateArray().ToList();
        Assert.Equal(2, operands.Count);
        Assert.All(operands, operand => AssertTask("Evaluating datum.", operand));

        // A stream's answer carries it too, before its notes.
        await raw.SendAsync(2, """[1,[173,[3]],{"profile":true}]""");
        var (_, stream) = await raw.ReceiveAsync();
        Assert.Equal(["t", "r", "p", "n"], stream.EnumerateObject().Select(p => p.Name));
        AssertTask("Evaluating range.", stream.GetProperty("p")[0]);

        // Without the optarg, or false, there is none; nor on an error.
        await raw.SendAsync(3, """[1,[24,[1,2]],{"profile":false}]""");
        Assert.False((await raw.ReceiveAsync()).Body.TryGetProperty("p", out _));
        await raw.SendAsync(4, """[1,[24,[1,"a"]],{"profile":true}]""");
        var (_, error) = await raw.ReceiveAsync();
        Assert.Equal(18, error.GetProperty("t").GetInt32());
        Assert.False(error.TryGetProperty("p", out _));
    }

    private static void AssertTask(string description, JsonElement task)
    {
        Assert.Equal(["description", "duration(ms)", "sub_tasks"], task.EnumerateObject().Select(p => p.Name));
        Assert.Equal(description, task.GetProperty("description").GetString());
        Assert.True(task.GetProperty("duration(ms)").GetDouble() >= 0);
        Assert.Equal(JsonValueKind.Array, task.GetProperty("sub_tasks").ValueKind);
    }
}
