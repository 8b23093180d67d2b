using System;
using System.Runtime.InteropServices;
using ProcMap.Interop;

namespace ProcMap.Linux;

/// <summary>One open file under /proc (or a fixture tree), read with plain read(2)/pread(2).</summary>
internal sealed class ProcFile : IDisposable
{
    private readonly FileDescriptor _fd;

    private ProcFile(FileDescriptor fd, string path, int processId)
    {
        _fd = fd;
        Path = path;
        ProcessId = processId;
    }

    public string Path { get; }

    public int ProcessId { get; }

    internal FileDescriptor Descriptor => _fd;

    /// <summary>Opens <paramref name="path"/>; on failure returns false with the errno, no exception.</summary>
    public static bool TryOpen(string path, int processId, out ProcFile? file, out int errno)
    {
        int fd = LibC.Open(path, LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            file = null;
            return false;
        }

        errno = 0;
        file = new ProcFile(new FileDescriptor(fd), path, processId);
        return true;
    }

    /// <summary>Opens <paramref name="path"/> or throws the source exception its errno means.</summary>
    public static ProcFile Open(string path, int processId)
    {
        if (!TryOpen(path, processId, out var file, out int errno))
        {
            throw ProcErrors.FromErrno(errno, processId, path);
        }

        return file!;
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
        return n >= 0 ? n : throw ProcErrors.FromErrno(-n, ProcessId, Path);
    }

    /// <summary>Reads at <paramref name="offset"/> (pagemap, kpageflags, core files); returns the count or -errno.</summary>
    public unsafe int TryReadAt(Span<byte> buffer, long offset)
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

    public void Dispose() => _fd.Dispose();
}
