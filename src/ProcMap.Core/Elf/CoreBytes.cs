using System;
using ProcMap.Interop;

namespace ProcMap.Elf;

/// <summary>
/// Random access to the bytes of a core file: a file read with pread(2) (never mapped, so a file that
/// shrinks meanwhile gives a short read rather than SIGBUS), or an array in tests.
/// </summary>
internal abstract class CoreBytes : IDisposable, IPositionalReader
{
    /// <summary>The length in bytes.</summary>
    public abstract long Length { get; }

    /// <summary>Reads at <paramref name="offset"/> into <paramref name="buffer"/>; may return fewer bytes than asked, 0 at the end.</summary>
    public abstract int Read(long offset, Span<byte> buffer);

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/>; fewer bytes only at the end of the data.</summary>
    public int ReadFully(long offset, Span<byte> buffer) => PositionalRead.Fully(this, buffer, offset);

    int IPositionalReader.ReadAt(Span<byte> buffer, long offset) => Read(offset, buffer);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}

/// <summary>Bytes held in memory: unit tests and the property tests that mutate a real core.</summary>
internal sealed class ArrayCoreBytes : CoreBytes
{
    private readonly ReadOnlyMemory<byte> _bytes;

    public ArrayCoreBytes(ReadOnlyMemory<byte> bytes)
    {
        _bytes = bytes;
    }

    public override long Length => _bytes.Length;

    public override int Read(long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset >= _bytes.Length)
        {
            return 0;
        }

        int count = (int)Math.Min(buffer.Length, _bytes.Length - offset);
        _bytes.Span.Slice((int)offset, count).CopyTo(buffer);
        return count;
    }
}
