using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.UI.Features.PlugIns;

/// <summary>A read-only stream over the browser's upload that reports how many bytes were read, at most once per percent.</summary>
internal sealed class UploadProgressStream(Stream inner, long length, Action<long> progress) : ObservedReadStream(inner)
{
    private long _read;
    private long _reported = -1;

    public override long Length => length;

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    protected override void Observe(ReadOnlySpan<byte> read)
    {
        _read += read.Length;
        var step = Math.Max(1, length / 100);
        if (read.Length == 0 || _reported < 0 || _read - _reported >= step)
        {
            _reported = _read;
            progress(_read);
        }
    }
}
