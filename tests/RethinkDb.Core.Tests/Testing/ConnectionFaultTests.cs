using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Testing;

public sealed class ConnectionFaultTests
{
    [Fact]
    public void Every_fault_has_a_class_of_its_own()
    {
        var options = new TestServerOptions();
        var types = Enum.GetValues<TestServerFault>().Select(f => ConnectionFault.Create(f, options).GetType()).ToList();

        Assert.Equal(types.Count, types.Distinct().Count());
        Assert.Equal(typeof(NoFault), ConnectionFault.Create(TestServerFault.None, options).GetType());
        Assert.Throws<ArgumentOutOfRangeException>(() => ConnectionFault.Create((TestServerFault)999, options));
    }

    [Fact]
    public void A_counting_fault_is_not_shared_between_connections()
    {
        var options = new TestServerOptions();
        Assert.NotSame(ConnectionFault.Create(TestServerFault.ResetAfterQueries, options),
            ConnectionFault.Create(TestServerFault.ResetAfterQueries, options));
    }
}
