namespace RethinkDb;

/// <summary>The server answered RUNTIME_ERROR; the subclass names its <c>ErrorType</c>.</summary>
public class ReqlRuntimeError : ReqlQueryError
{
    /// <summary>Creates an error with a message.</summary>
    public ReqlRuntimeError(string message) : base(message) { }
}

/// <summary>ErrorType INTERNAL: an internal error in the server.</summary>
public class ReqlInternalError : ReqlRuntimeError
{
    /// <summary>Creates an error with a message.</summary>
    public ReqlInternalError(string message) : base(message) { }
}

/// <summary>ErrorType RESOURCE_LIMIT: a resource limit (such as the array size limit) was exceeded.</summary>
public class ReqlResourceLimitError : ReqlRuntimeError
{
    /// <summary>Creates an error with a message.</summary>
    public ReqlResourceLimitError(string message) : base(message) { }
}

/// <summary>ErrorType QUERY_LOGIC: the query contains a logical impossibility, such as adding a number to a string.</summary>
public class ReqlQueryLogicError : ReqlRuntimeError
{
    /// <summary>Creates an error with a message.</summary>
    public ReqlQueryLogicError(string message) : base(message) { }
}

/// <summary>ErrorType NON_EXISTENCE: a field, document or index that does not exist was asked for.</summary>
public class ReqlNonExistenceError : ReqlQueryLogicError
{
    /// <summary>Creates an error with a message.</summary>
    public ReqlNonExistenceError(string message) : base(message) { }
}

/// <summary>An operation could not be completed because of availability (a replica is unavailable).</summary>
public class ReqlAvailabilityError : ReqlRuntimeError
{
    /// <summary>Creates an error with a message.</summary>
    public ReqlAvailabilityError(string message) : base(message) { }
}

/// <summary>ErrorType OP_FAILED: the operation failed and was not carried out.</summary>
public class ReqlOpFailedError : ReqlAvailabilityError
{
    /// <summary>Creates an error with a message.</summary>
    public ReqlOpFailedError(string message) : base(message) { }
}

/// <summary>ErrorType OP_INDETERMINATE: the operation may or may not have been carried out.</summary>
public class ReqlOpIndeterminateError : ReqlAvailabilityError
{
    /// <summary>Creates an error with a message.</summary>
    public ReqlOpIndeterminateError(string message) : base(message) { }
}

/// <summary>ErrorType USER: raised by <c>r.error()</c> in the query.</summary>
public class ReqlUserError : ReqlRuntimeError
{
    /// <summary>Creates an error with a message.</summary>
    public ReqlUserError(string message) : base(message) { }
}

/// <summary>ErrorType PERMISSION_ERROR: the user lacks a permission the query needs.</summary>
public class ReqlPermissionError : ReqlRuntimeError
{
    /// <summary>Creates an error with a message.</summary>
    public ReqlPermissionError(string message) : base(message) { }
}
