using System.Buffers;

namespace RethinkDb.Net;

/// <summary>Writes the JSON body of one frame (the header is the multiplexer's business).</summary>
/// <remarks>A static delegate with explicit state, so sending a query allocates no closure.</remarks>
internal delegate void FrameEncoder<TState>(IBufferWriter<byte> buffer, TState state);
