using System.Reflection;
using System.Security.Cryptography;
using RethinkDb.Net;
using RethinkDb.Testing;
using CoreProtocol = RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// The test server keeps its own copy of the wire numbers and its own SCRAM server math, so that it ships apart
/// from the driver's internals. These tests hold the two copies together: a number or a key derivation that drifted
/// on one side would make the test server and the driver agree on something the real server does not say.
/// </summary>
public sealed class ProtocolAgreementTests
{
    // RFC 7677, section 3: the SCRAM-SHA-256 example exchange (user "user", password "pencil").
    private const string ClientNonce = "rOprNGfwEbeRWgbNEkqO";
    private const string ServerNonceSuffix = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private const string Salt = "W22ZaJ0SNY7soEsUEjb6gQ==";
    private const string ClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private const string ServerFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private const string ClientFinal = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private const string ServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    [Fact]
    public void Query_types_match_the_drivers() =>
        AssertSameMembers<QueryType, CoreProtocol.QueryType>();

    [Fact]
    public void Response_types_match_the_drivers() =>
        AssertSameMembers<ResponseType, CoreProtocol.ResponseType>();

    [Fact]
    public void Error_types_match_the_drivers() =>
        AssertSameMembers<ErrorType, CoreProtocol.ErrorType>();

    [Fact]
    public void Response_notes_match_the_drivers() =>
        AssertSameMembers<RethinkDb.Testing.ResponseNote, RethinkDb.ResponseNote>();

    [Fact]
    public void Wire_constants_match_the_drivers()
    {
        var serverSide = typeof(WireConstants).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).ToList();
        Assert.Contains(serverSide, f => f.Name == nameof(WireConstants.MagicV1_0));
        foreach (var field in serverSide)
        {
            var driverSide = typeof(CoreProtocol.WireConstants).GetField(field.Name, BindingFlags.Public | BindingFlags.Static);
            Assert.True(driverSide is not null, $"The driver has no WireConstants.{field.Name}.");
            Assert.Equal(driverSide.GetRawConstantValue(), field.GetRawConstantValue());
        }
        // The numbers themselves, from ql2.proto (VersionDummy), so that both copies cannot drift together.
        Assert.Equal(0x400c2d20u, WireConstants.MagicV0_4);
        Assert.Equal(0x34c2bdc3u, WireConstants.MagicV1_0);
        Assert.Equal(0x7e6970c7u, WireConstants.ProtocolJson);
    }

    [Fact]
    public void The_scram_server_reproduces_the_rfc7677_example()
    {
        var stored = ScramServer.StoredPassword.Create("pencil", Convert.FromBase64String(Salt), 4096);
        var server = new ScramServer(user => user == "user" ? stored : null, 4096, () => ServerNonceSuffix);

        Assert.Equal(ServerFirst, server.HandleClientFirst(ClientFirst));
        Assert.Equal("user", server.User);
        Assert.Equal(ServerFinal, server.HandleClientFinal(ClientFinal, forgeSignature: false));
    }

    [Fact]
    public void The_drivers_client_and_the_scram_server_agree_on_the_rfc7677_example()
    {
        var stored = ScramServer.StoredPassword.Create("pencil", Convert.FromBase64String(Salt), 4096);
        var server = new ScramServer(user => user == "user" ? stored : null, 4096, () => ServerNonceSuffix);
        var client = new Scram("user", "pencil", ClientNonce);

        var clientFinal = client.CreateClientFinal(server.HandleClientFirst(client.ClientFirstMessage));
        Assert.Equal(ClientFinal, clientFinal);
        var serverFinal = server.HandleClientFinal(clientFinal, forgeSignature: false);
        Assert.Equal(ServerFinal, serverFinal);
        client.VerifyServerFinal(serverFinal); // throws if the driver does not accept the server's proof
    }

    [Theory]
    [InlineData("admin", "")]
    [InlineData("a=b,c", "p\u00e4ss w\u00f6rd \U0001F600")]
    public void A_random_exchange_computed_by_both_sides_agrees(string user, string password)
    {
        var stored = ScramServer.StoredPassword.Create(password, 64);
        var server = new ScramServer(name => name == user ? stored : null, 64);
        var client = new Scram(user, password);

        var clientFinal = client.CreateClientFinal(server.HandleClientFirst(client.ClientFirstMessage));
        Assert.Equal(user, server.User);
        client.VerifyServerFinal(server.HandleClientFinal(clientFinal, forgeSignature: false));
    }

    [Fact]
    public void The_scram_server_refuses_a_wrong_password_and_the_client_a_forged_signature()
    {
        var stored = ScramServer.StoredPassword.Create("right", 64);

        var wrong = new Scram("admin", "wrong");
        var server = new ScramServer(_ => stored, 64);
        var failure = Assert.Throws<ScramServer.AuthFailure>(() =>
            server.HandleClientFinal(wrong.CreateClientFinal(server.HandleClientFirst(wrong.ClientFirstMessage)), forgeSignature: false));
        Assert.Equal(12, failure.Code);

        var right = new Scram("admin", "right");
        var impostor = new ScramServer(_ => stored, 64);
        var forged = impostor.HandleClientFinal(right.CreateClientFinal(impostor.HandleClientFirst(right.ClientFirstMessage)), forgeSignature: true);
        Assert.Throws<ReqlAuthError>(() => right.VerifyServerFinal(forged));
    }

    [Fact]
    public void Salted_passwords_proofs_and_signatures_equal_the_drivers()
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        const string password = "correct horse";
        const string authMessage = "n=u,r=abc,r=abcdef,s=c2FsdA==,i=32,c=biws,r=abcdef";
        var saltedPassword = Scram.SaltPassword(password, salt, 32);
        var stored = ScramServer.StoredPassword.Create(password, salt, 32);

        Assert.Equal(saltedPassword, ScramServer.SaltPassword(password, salt, 32));
        Assert.Equal(Scram.ComputeServerSignature(saltedPassword, authMessage), ScramServer.ComputeServerSignature(stored, authMessage));

        var proof = Scram.ComputeClientProof(saltedPassword, authMessage);
        Assert.True(ScramServer.VerifyClientProof(stored, authMessage, proof));
        Assert.False(ScramServer.VerifyClientProof(stored, authMessage + "x", proof));
        proof[0] ^= 1;
        Assert.False(ScramServer.VerifyClientProof(stored, authMessage, proof));
        Assert.False(ScramServer.VerifyClientProof(stored, authMessage, proof.AsSpan(1)));
    }

    /// <summary>Every member of each enum has a member of the same name and number in the other.</summary>
    private static void AssertSameMembers<TServer, TDriver>()
        where TServer : struct, Enum
        where TDriver : struct, Enum
    {
        static SortedDictionary<string, long> Members<T>() where T : struct, Enum =>
            new(Enum.GetValues<T>().ToDictionary(v => v.ToString(), v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)),
                StringComparer.Ordinal);

        var server = Members<TServer>();
        Assert.NotEmpty(server);
        Assert.Equal(Members<TDriver>(), server);
    }
}
