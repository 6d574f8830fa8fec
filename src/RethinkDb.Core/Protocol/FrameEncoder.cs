using System.Buffers;

namespace RethinkDb.Protocol;

/// <summary>Writes the JSON body of one frame (the 12-byte header is the connection layer's business).</summary>
/// <remarks>A static delegate with explicit state, so sending a query allocates no closure.</remarks>
internal delegate void FrameEncoder<TState>(IBufferWriter<byte> buffer, TState state);
