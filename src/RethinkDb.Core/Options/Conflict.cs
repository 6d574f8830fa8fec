namespace RethinkDb;

/// <summary>What <c>insert</c> does with a document whose primary key exists (the <c>conflict</c> optarg).</summary>
public enum Conflict
{
    /// <summary>Fail the document (<c>"error"</c> on the wire).</summary>
    Error,

    /// <summary>Replace the stored document (<c>"replace"</c> on the wire).</summary>
    Replace,

    /// <summary>Merge the new document into the stored one (<c>"update"</c> on the wire).</summary>
    Update,
}
