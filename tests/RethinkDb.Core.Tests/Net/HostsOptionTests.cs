namespace RethinkDb.Core.Tests.Net;

public class HostsOptionTests
{
    [Fact]
    public void Without_hosts_the_one_server_is_host_and_port()
    {
        var options = new ConnectionOptions { Host = "db.local", Port = 28100 };
        Assert.Empty(options.Hosts);
        Assert.Equal([new HostEntry("db.local", 28100)], options.SeedHosts());
    }

    [Fact]
    public void Entries_parse_with_the_port_defaulting_to_port_and_duplicates_folded()
    {
        var options = new ConnectionOptions
        {
            Port = 28020,
            Hosts = ["rethink-0.rethink:28015", "rethink-1.rethink", " 10.0.0.7:28016 ", "[::1]:29000", "[fe80::1]", "::1", "rethink-1.rethink:28020"],
        };
        options.Validate();
        Assert.Equal(
            [
                new HostEntry("rethink-0.rethink", 28015),
                new HostEntry("rethink-1.rethink", 28020),
                new HostEntry("10.0.0.7", 28016),
                new HostEntry("::1", 29000),
                new HostEntry("fe80::1", 28020),
                new HostEntry("::1", 28020),
            ],
            options.SeedHosts());
        Assert.Equal("[::1]:29000", new HostEntry("::1", 29000).ToString());
        Assert.Equal("a:1", new HostEntry("a", 1).ToString());
    }

    [Theory]
    [InlineData("", "Hosts:1 is empty")]
    [InlineData("h:0", "invalid port")]
    [InlineData("h:65536", "invalid port")]
    [InlineData("h:x", "invalid port")]
    [InlineData("[::1", "no closing")]
    [InlineData("[::1]x", "not ':port'")]
    [InlineData("[host]:1", "not an IPv6 address")]
    [InlineData("a:b:c", "not an IPv6 address")]
    [InlineData(":28015", "no valid host")]
    public void Invalid_entries_are_named_by_index(string entry, string expected)
    {
        var options = new ConnectionOptions { Hosts = ["ok", entry] };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Equal("Hosts:1", error.ParamName);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_with_credentials_is_rejected_without_echoing_them_and_hidden_in_to_string()
    {
        var options = new ConnectionOptions { Hosts = ["admin:s3cret@rethink-0"] };
        var messages = options.Validate(static name => "RethinkDb:" + name);
        var message = Assert.Single(messages);
        Assert.StartsWith("RethinkDb:Hosts:0 ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_list_is_an_error_and_clone_copies_the_list()
    {
        Assert.Equal("Hosts", Assert.Throws<ArgumentException>(new ConnectionOptions { Hosts = null! }.Validate).ParamName);

        var options = new ConnectionOptions { Hosts = ["a", "b:2"] };
        var copy = options.Clone();
        copy.Hosts.Add("c");
        Assert.Equal(["a", "b:2"], options.Hosts);
        Assert.Contains("Hosts=a,b:2", options.ToString(), StringComparison.Ordinal);
    }
}
