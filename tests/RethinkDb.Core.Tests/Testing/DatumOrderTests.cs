using System.Text;
using System.Text.Json.Nodes;
using RethinkDb.Testing.Evaluation;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>The test server orders strings as the real server does: byte-wise by their UTF-8 forms.</summary>
public sealed class DatumOrderTests
{
    [Fact]
    public void Strings_order_as_their_utf8_bytes_surrogate_pairs_included()
    {
        string[] samples = ["", "a", "ab", "b", "Z", "é", "\uE000", "\uFFFF", "😀", "😀a", "𝄞", "\u007F", "\u0080", "ﬀ"];
        foreach (var a in samples)
        {
            foreach (var b in samples)
            {
                var expected = Math.Sign(Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)));
                Assert.Equal(expected, Math.Sign(Datum.Compare(JsonValue.Create(a), JsonValue.Create(b))));
            }
        }
    }
}
