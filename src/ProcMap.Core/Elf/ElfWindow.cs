using System;

namespace ProcMap.Elf;

/// <summary>
/// A window of a core file held in one reused buffer. Readers walk headers, notes and tables mostly
/// forward, so one pread fills a window that serves many small reads; each independent cursor (program
/// headers, notes, NT_FILE table, NT_FILE names) has its own window. Memory stays at the window size
/// however large the file is.
/// </summary>
internal sealed class ElfWindow
{
    public const int DefaultCapacity = 64 * 1024;

    private readonly CoreBytes _bytes;
    private byte[] _buffer;
    private long _start;
    private int _length;

    public ElfWindow(CoreBytes bytes, int capacity = DefaultCapacity)
    {
        _bytes = bytes;
        _buffer = new byte[capacity];
        _start = 0;
        _length = 0;
    }

    public long FileLength => _bytes.Length;

    /// <summary>
    /// The <paramref name="length"/> bytes at <paramref name="offset"/>, valid until the next call; false
    /// when they are not all in the file.
    /// </summary>
    public bool TryRead(ulong offset, int length, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (length < 0 || offset > (ulong)_bytes.Length || (ulong)length > (ulong)_bytes.Length - offset)
        {
            return false;
        }

        long start = (long)offset;
        if (start < _start || start + length > _start + _length)
        {
            Fill(start, length);
            if (length > _length)
            {
                return false;
            }
        }

        bytes = new ReadOnlySpan<byte>(_buffer, (int)(start - _start), length);
        return true;
    }

    /// <summary>As <see cref="TryRead"/>, or throws <see cref="ElfFormatException"/> naming <paramref name="what"/>.</summary>
    public ReadOnlySpan<byte> Read(ulong offset, int length, string what)
    {
        if (!TryRead(offset, length, out var bytes))
        {
            throw new ElfFormatException(Messages.CoreRangePastEnd(what, offset, (ulong)length, _bytes.Length));
        }

        return bytes;
    }

    private void Fill(long start, int length)
    {
        if (length > _buffer.Length)
        {
            // Callers bound what they ask for (headers, one note descriptor); a bigger request grows the window once.
            _buffer = new byte[length];
        }

        int want = (int)Math.Min(_buffer.Length, _bytes.Length - start);
        _start = start;
        _length = Math.Max(0, _bytes.ReadFully(start, _buffer.AsSpan(0, want)));
    }
}
