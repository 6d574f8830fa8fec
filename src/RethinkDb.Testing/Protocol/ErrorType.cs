namespace RethinkDb.Testing;

/// <summary>The <c>e</c> field of a RUNTIME_ERROR response (<c>Response.ErrorType</c> in ql2.proto).</summary>
internal enum ErrorType
{
    /// <summary>No error type: the response is not a RUNTIME_ERROR.</summary>
    None = 0,

    /// <summary><c>INTERNAL</c>: a bug of the server.</summary>
    Internal = 1000000,

    /// <summary><c>RESOURCE_LIMIT</c>: a resource limit (such as the array size limit) was exceeded.</summary>
    ResourceLimit = 2000000,

    /// <summary><c>QUERY_LOGIC</c>: a logical impossibility in the query (a wrong type, a bad argument).</summary>
    QueryLogic = 3000000,

    /// <summary><c>NON_EXISTENCE</c>: something asked for does not exist (a missing field, an index out of range).</summary>
    NonExistence = 3100000,

    /// <summary><c>OP_FAILED</c>: the operation failed and was not carried out.</summary>
    OpFailed = 4100000,

    /// <summary><c>OP_INDETERMINATE</c>: the operation may or may not have been carried out.</summary>
    OpIndeterminate = 4200000,

    /// <summary><c>USER</c>: raised by <c>r.error()</c>.</summary>
    User = 5000000,

    /// <summary><c>PERMISSION_ERROR</c>: the user lacks a permission.</summary>
    PermissionError = 6000000,
}
