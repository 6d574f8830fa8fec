namespace RethinkDb;

/// <summary>A query could not be compiled, either by the driver or by the server.</summary>
public class ReqlCompileError : ReqlQueryError
{
    /// <summary>Creates an error with a message.</summary>
    public ReqlCompileError(string message) : base(message) { }

    /// <summary>Creates an error with a message and the exception that caused it.</summary>
    public ReqlCompileError(string message, Exception? innerException) : base(message, innerException) { }
}

/// <summary>The driver could not turn an expression into ReQL (for example a lambda it cannot translate).</summary>
public class ReqlDriverCompileError : ReqlCompileError
{
    /// <summary>Creates an error with a message.</summary>
    public ReqlDriverCompileError(string message) : base(message) { }

    /// <summary>Creates an error with a message and the exception that caused it.</summary>
    public ReqlDriverCompileError(string message, Exception? innerException) : base(message, innerException) { }
}

/// <summary>The server answered COMPILE_ERROR.</summary>
public class ReqlServerCompileError : ReqlCompileError
{
    /// <summary>Creates an error with a message.</summary>
    public ReqlServerCompileError(string message) : base(message) { }
}
