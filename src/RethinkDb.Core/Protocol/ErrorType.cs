namespace RethinkDb.Protocol;

/// <summary>The <c>e</c> field of a RUNTIME_ERROR response (<c>Response.ErrorType</c> in ql2.proto).</summary>
internal enum ErrorType
{
    /// <summary>No error type was sent.</summary>
    None = 0,

    /// <summary>An internal error in the server.</summary>
    Internal = 1000000,

    /// <summary>A resource limit was exceeded.</summary>
    ResourceLimit = 2000000,

    /// <summary>A logical impossibility in the query.</summary>
    QueryLogic = 3000000,

    /// <summary>Something asked for does not exist.</summary>
    NonExistence = 3100000,

    /// <summary>The operation failed and was not carried out.</summary>
    OpFailed = 4100000,

    /// <summary>The operation may or may not have been carried out.</summary>
    OpIndeterminate = 4200000,

    /// <summary>Raised by <c>r.error()</c>.</summary>
    User = 5000000,

    /// <summary>The user lacks a permission.</summary>
    PermissionError = 6000000,
}
