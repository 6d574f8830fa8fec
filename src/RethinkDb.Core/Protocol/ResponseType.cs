namespace RethinkDb.Protocol;

/// <summary>The <c>t</c> field of a response (<c>Response.ResponseType</c> in ql2.proto).</summary>
internal enum ResponseType
{
    /// <summary>Not a response type; the default value of the enum.</summary>
    None = 0,

    /// <summary>One value in <c>r[0]</c>.</summary>
    SuccessAtom = 1,

    /// <summary>The last (or only) batch of a sequence.</summary>
    SuccessSequence = 2,

    /// <summary>A batch of a sequence; send CONTINUE for more.</summary>
    SuccessPartial = 3,

    /// <summary>A NOREPLY_WAIT completed.</summary>
    WaitComplete = 4,

    /// <summary>The answer to SERVER_INFO.</summary>
    ServerInfo = 5,

    /// <summary>The server thinks the client is buggy.</summary>
    ClientError = 16,

    /// <summary>The query could not be compiled.</summary>
    CompileError = 17,

    /// <summary>The query failed while running; <c>e</c> holds its <see cref="ErrorType"/>.</summary>
    RuntimeError = 18,
}
