using System.Net;

namespace OrchestratorConsole.Cluster.Tests.NodeToNode;

/// <summary>A body of <paramref name="length"/> bytes made as it is sent, counting how many of them the server pulled.</summary>
public sealed class CountingContent(long length) : HttpContent
{
    private long _sent;

    public long BytesSent => Interlocked.Read(ref _sent);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var chunk = new byte[81920];
        for (var left = length; left > 0; left -= chunk.Length)
        {
            var size = (int)Math.Min(chunk.Length, left);
            await stream.WriteAsync(chunk.AsMemory(0, size));
            Interlocked.Add(ref _sent, size);
        }
    }

    protected override bool TryComputeLength(out long length1)
    {
        length1 = length;
        return true;
    }
}
