using System;
using System.Runtime.InteropServices;
using ProcMap.Interop;

namespace ProcMap.Linux;

/// <summary>
/// One open file under /proc (or a fixture tree), read with plain read(2)/pread(2). Opened through its
/// <see cref="ProcFs"/>, which turns every errno into the exception it means.
/// </summary>
internal sealed class ProcFile : IDisposable, IPositionalReader
{
    private readonly FileDescriptor _fd;
    private readonly ProcFs _proc;

    internal ProcFile(FileDescriptor fd, string path, int processId, ProcFs proc)
    {
        _fd = fd;
        _proc = proc;
        Path = path;
        ProcessId = processId;
    }

    public string Path { get; }

    public int ProcessId { get; }

    internal FileDescriptor Descriptor => _fd;

    /// <summary>Opens <paramref name="path"/> read-only; false with the errno, no exception.</summary>
    public static bool TryOpenDescriptor(string path, out FileDescriptor? fd, out int errno)
    {
        int raw = LibC.Open(path, LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (raw < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            fd = null;
            return false;
        }

        errno = 0;
        fd = new FileDescriptor(raw);
        return true;
    }

    /// <summary>Reads at the file position; returns the byte count (0 at end) or -errno.</summary>
    public unsafe int TryRead(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = LibC.Read(_fd.Value, p, (nuint)buffer.Length);
                if (n >= 0)
                {
                    return (int)n;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno != LibC.EINTR)
                {
                    return -errno;
                }
            }
        }
    }

    /// <summary>Reads at the file position, throwing the source exception on failure.</summary>
    public int Read(Span<byte> buffer)
    {
        int n = TryRead(buffer);
        return n >= 0 ? n : throw Failure(-n);
    }

    /// <summary>Reads at <paramref name="offset"/> (pagemap, kpageflags); returns the count or -errno.</summary>
    public unsafe int ReadAt(Span<byte> buffer, long offset)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = LibC.PRead(_fd.Value, p, (nuint)buffer.Length, offset);
                if (n >= 0)
                {
                    return (int)n;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno != LibC.EINTR)
                {
                    return -errno;
                }
            }
        }
    }

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/> (short only at the end), throwing on failure.</summary>
    public int ReadFullyAt(Span<byte> buffer, long offset)
    {
        int n = PositionalRead.Fully(this, buffer, offset);
        return n >= 0 ? n : throw Failure(-n);
    }

    /// <summary>The exception <paramref name="errno"/> means for this file.</summary>
    public ProcMapException Failure(int errno) => _proc.Failure(errno, ProcessId, Path);

    public void Dispose() => _fd.Dispose();
}
