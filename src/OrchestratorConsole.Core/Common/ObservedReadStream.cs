namespace OrchestratorConsole.Core.Common;

/// <summary>
/// A read-only, forward-only stream over another that shows every chunk it reads to <see cref="Observe"/> (an empty
/// one at the end): the bytes pass through once, never buffered here.
/// </summary>
public abstract class ObservedReadStream(Stream inner) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Whether disposing this stream disposes the one it reads.</summary>
    protected virtual bool OwnsInner => true;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Observe(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Observe(buffer.Span[..read]);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Sees the bytes just read.</summary>
    protected abstract void Observe(ReadOnlySpan<byte> read);

    protected override void Dispose(bool disposing)
    {
        if (disposing && OwnsInner)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
