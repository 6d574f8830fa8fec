using System.Buffers;
using System.Text;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Results;

/// <summary>Responses built from literal bodies, for shapes the test server cannot produce.</summary>
internal static class StubResponses
{
    public static Response Parse(string body, long token = 1)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return Response.Parse(token, new ReadOnlySequence<byte>(bytes));
    }
}
