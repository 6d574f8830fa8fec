using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RethinkDb.Net;

namespace RethinkDb.Core.Tests.Hostile;

/// <summary>
/// Issue 18, point 4: a server asking for an absurd SCRAM iteration count is refused with ReqlAuthError, and
/// salting the password stops with the connection's Timeout.
/// </summary>
public class ScramLimitTests
{
    /// <summary>A V1_0 server that answers the client-first message with <paramref name="iterations"/>, then waits.</summary>
    private static ScriptedServer HostileScramServer(string iterations) => ScriptedServer.Start(async c =>
    {
        var magic = new byte[4];
        await c.Stream.ReadExactlyAsync(magic, c.Stop);
        using var first = JsonDocument.Parse(await c.ReadNulTerminatedAsync());
        var clientNonce = first.RootElement.GetProperty("authentication").GetString()!.Split(",r=")[1];
        await c.Stream.WriteAsync(Encoding.UTF8.GetBytes(
            """{"success":true,"min_protocol_version":0,"max_protocol_version":0,"server_version":"2.4.4"}""" + "\0"), c.Stop);
        var salt = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        await c.Stream.WriteAsync(Encoding.UTF8.GetBytes(
            $$"""{"success":true,"authentication":"r={{clientNonce}}srv,s={{salt}},i={{iterations}}"}""" + "\0"), c.Stop);
        // Never answers the client-final message: the open can only end by the driver's refusal or its Timeout.
        await Task.Delay(Timeout.Infinite, c.Stop);
    });

    [Theory]
    [InlineData("20000000")]
    [InlineData("2147483647")]
    [InlineData("99999999999999999999999")]
    public async Task An_absurd_iteration_count_is_refused_with_an_auth_error_naming_the_bound(string iterations)
    {
        await using var server = HostileScramServer(iterations);

        var error = await Assert.ThrowsAsync<ReqlAuthError>(
            () => Connection.OpenAsync(server.Options(TimeSpan.FromSeconds(30), HandshakeVersion.V1_0)));

        Assert.Contains("1000000", error.Message, StringComparison.Ordinal);
        Assert.Contains("iterations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_open_whose_password_salting_outlasts_the_timeout_fails_with_a_timeout_error()
    {
        await using var server = HostileScramServer("1000000");

        await Assert.ThrowsAsync<ReqlTimeoutError>(
            () => Connection.OpenAsync(server.Options(TimeSpan.FromMilliseconds(200), HandshakeVersion.V1_0)));
    }

    [Fact]
    public void Salting_above_the_uninterrupted_count_stops_when_cancelled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(
            () => Scram.SaltPassword("pw-" + Guid.NewGuid(), RandomNumberGenerator.GetBytes(16), Scram.MaxIterations, cts.Token));
    }

    [Theory]
    [InlineData("", 20_000)]
    [InlineData("pässword", 20_001)]
    [InlineData("a password longer than the sixty-four bytes of an HMAC-SHA256 block, to be hashed first", 17_000)]
    public void The_interruptible_PBKDF2_equals_the_platforms(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var bytes = Encoding.UTF8.GetBytes(password);

        var ours = Scram.Pbkdf2Interruptible(bytes, salt, iterations, CancellationToken.None);

        Assert.Equal(Rfc2898DeriveBytes.Pbkdf2(bytes, salt, iterations, HashAlgorithmName.SHA256, 32), ours);
    }
}
