namespace RethinkDb.Testing;

/// <summary>
/// The <c>t</c> field of a response (<c>Response.ResponseType</c> in ql2.proto), as the test server writes it.
/// </summary>
internal enum ResponseType
{
    /// <summary>Not a response type.</summary>
    None = 0,

    /// <summary><c>SUCCESS_ATOM</c>: one value in <c>r[0]</c>.</summary>
    SuccessAtom = 1,

    /// <summary><c>SUCCESS_SEQUENCE</c>: the last (or only) batch of a sequence.</summary>
    SuccessSequence = 2,

    /// <summary><c>SUCCESS_PARTIAL</c>: a batch of a sequence; the client sends CONTINUE for more.</summary>
    SuccessPartial = 3,

    /// <summary><c>WAIT_COMPLETE</c>: a NOREPLY_WAIT completed.</summary>
    WaitComplete = 4,

    /// <summary><c>SERVER_INFO</c>: the answer to SERVER_INFO.</summary>
    ServerInfo = 5,

    /// <summary><c>CLIENT_ERROR</c>: the server thinks the client is buggy.</summary>
    ClientError = 16,

    /// <summary><c>COMPILE_ERROR</c>: the query could not be compiled.</summary>
    CompileError = 17,

    /// <summary><c>RUNTIME_ERROR</c>: the query failed while running; <c>e</c> holds its <see cref="ErrorType"/>.</summary>
    RuntimeError = 18,
}
