using System;
using System.Runtime.CompilerServices;

namespace ProcMap.Linux;

/// <summary>
/// Reads a /proc text file a chunk at a time and hands out its lines as (offset, length) pairs into
/// <see cref="Buffer"/>, so callers parse bytes in place. Each chunk is one read(2): seq_file files
/// (maps, smaps) return at most a page per call anyway, and reading only as far as needed lets a
/// pipeline that stops after the first object stop reading too.
/// </summary>
internal sealed class ProcLineReader : IDisposable
{
    private readonly ProcFile _file;
    private readonly Action<byte[]> _returnBuffer;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _endOfFile;
    private bool _disposed;

    public ProcLineReader(ProcFile file, byte[] buffer, Action<byte[]> returnBuffer)
    {
        _file = file;
        _buffer = buffer;
        _returnBuffer = returnBuffer;
    }

    /// <summary>The buffer the line offsets point into; valid until the next <see cref="TryReadLine"/>.</summary>
    public byte[] Buffer => _buffer;

    /// <summary>1-based number of the line last returned, for error messages.</summary>
    public int LineNumber { get; private set; }

    public string Path => _file.Path;

    /// <summary>
    /// The bytes read but not yet handed out, for a parser that takes several whole lines at once (see
    /// <see cref="Skip"/>); may end in a partial line. Valid until the next call on this reader.
    /// </summary>
    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Consumes the first <paramref name="bytes"/> of <see cref="Buffered"/>: <paramref name="lines"/> whole lines with their newlines.</summary>
    public void Skip(int bytes, int lines)
    {
        _start += bytes;
        LineNumber += lines;
    }

    /// <summary>Returns the next line without its newline; the last line may lack one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadLine(out int offset, out int length)
    {
        while (true)
        {
            int newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                offset = _start;
                length = newline;
                _start += newline + 1;
                LineNumber++;
                return true;
            }

            if (_endOfFile)
            {
                offset = _start;
                length = _end - _start;
                _start = _end;
                if (length == 0)
                {
                    return false;
                }

                LineNumber++;
                return true;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            // A single line longer than the buffer (a path near PATH_MAX in a small buffer): grow.
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        int n = _file.Read(_buffer.AsSpan(_end));
        if (n == 0)
        {
            _endOfFile = true;
        }

        _end += n;
    }

    // Idempotent: the buffer goes back to its ProcFs once, so a later reader that took it over can never
    // find it handed out a second time by a late second Dispose.
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _file.Dispose();
        _returnBuffer(_buffer);
    }
}
