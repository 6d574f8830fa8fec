using System.Text;

namespace RethinkDb.Benchmarks.Micro;

/// <summary>A small document, as a typical table row.</summary>
public sealed class SmallDoc
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public int Age { get; set; }

    public double Score { get; set; }

    public bool Active { get; set; }
}

/// <summary>Response bodies as the server sends them.</summary>
internal static class Documents
{
    /// <summary><c>{"t":2,"r":[doc, doc, ...]}</c> with <paramref name="count"/> small documents (about 100 bytes each).</summary>
    public static byte[] SequenceBody(int count, int type = 2)
    {
        var json = new StringBuilder($"{{\"t\":{type},\"r\":[");
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                json.Append(',');
            }
            json.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"{{\"id\":\"{Guid.NewGuid()}\",\"name\":\"user {i}\",\"age\":{20 + (i % 50)},\"score\":{i * 1.5},\"active\":{(i % 2 == 0 ? "true" : "false")}}}");
        }
        json.Append("]}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }
}
