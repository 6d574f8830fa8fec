using RethinkDb.Net;

namespace RethinkDb.Core.Tests.Net;

public class ScramTests
{
    // RFC 7677, section 3: the SCRAM-SHA-256 example exchange.
    private const string ClientNonce = "rOprNGfwEbeRWgbNEkqO";
    private const string ServerFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private const string ClientFinal = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private const string ServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    [Fact]
    public void Reproduces_the_rfc7677_example()
    {
        var scram = new Scram("user", "pencil", ClientNonce);
        Assert.Equal("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", scram.ClientFirstMessage);
        Assert.Equal(ClientFinal, scram.CreateClientFinal(ServerFirst));
        scram.VerifyServerFinal(ServerFinal); // does not throw
    }

    [Fact]
    public void A_forged_server_signature_is_rejected()
    {
        var scram = new Scram("user", "pencil", ClientNonce);
        scram.CreateClientFinal(ServerFirst);
        var error = Assert.Throws<ReqlAuthError>(() => scram.VerifyServerFinal("v=" + Convert.ToBase64String(new byte[32])));
        Assert.Contains("could not prove", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_server_signature_is_rejected()
    {
        var scram = new Scram("user", "pencil", ClientNonce);
        scram.CreateClientFinal(ServerFirst);
        Assert.Throws<ReqlAuthError>(() => scram.VerifyServerFinal("x=1"));
    }

    [Fact]
    public void A_server_nonce_that_does_not_extend_ours_is_rejected()
    {
        var scram = new Scram("user", "pencil", ClientNonce);
        Assert.Throws<ReqlAuthError>(() => scram.CreateClientFinal("r=someoneelse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"));
    }

    [Theory]
    [InlineData("r=rOprNGfwEbeRWgbNEkqOabc,i=4096")]
    [InlineData("r=rOprNGfwEbeRWgbNEkqOabc,s=!!notbase64!!,i=4096")]
    [InlineData("r=rOprNGfwEbeRWgbNEkqOabc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=zero")]
    public void Malformed_server_first_messages_are_rejected(string serverFirst)
    {
        var scram = new Scram("user", "pencil", ClientNonce);
        Assert.Throws<ReqlAuthError>(() => scram.CreateClientFinal(serverFirst));
    }

    [Theory]
    [InlineData("admin", "admin")]
    [InlineData("a=b,c", "a=3Db=2Cc")]
    public void User_names_are_escaped(string user, string escaped) => Assert.Equal(escaped, Scram.EscapeUsername(user));
}
