using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using ProcMap.Elf;
using ProcMap.Interop;

namespace ProcMap.CoreFile;

/// <summary>
/// A core file read with pread(2) through RandomAccess: a 10 GiB core costs a few 64 KiB windows, and a
/// file that shrinks while it is read gives short reads (never the SIGBUS a memory mapping would).
/// </summary>
internal sealed class CoreFileBytes : CoreBytes
{
    private readonly SafeFileHandle _handle;
    private readonly string _path;

    private CoreFileBytes(SafeFileHandle handle, long length, string path)
    {
        _handle = handle;
        Length = length;
        _path = path;
    }

    public override long Length { get; }

    /// <summary>
    /// Opens <paramref name="path"/> for reading. The file type is checked before anything blocks: a
    /// directory is refused by name, and on Unix the file is opened with O_NONBLOCK (so a FIFO with no
    /// writer does not hang the open) and must be seekable (a FIFO or socket is not).
    /// </summary>
    public static CoreFileBytes Open(string path)
    {
        if (Directory.Exists(path))
        {
            throw new CoreFileUnreadableException(path, Messages.CoreIsDirectory);
        }

        if (!File.Exists(path))
        {
            throw new CoreFileNotFoundException(path);
        }

        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            return OpenUnix(path);
        }

        try
        {
            var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return new CoreFileBytes(handle, RandomAccess.GetLength(handle), path);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new CoreFileUnreadableException(path, exception.Message, accessDenied: true, exception);
        }
        catch (IOException exception)
        {
            throw new CoreFileUnreadableException(path, exception.Message, accessDenied: false, exception);
        }
    }

    public override int Read(long offset, Span<byte> buffer)
    {
        try
        {
            return RandomAccess.Read(_handle, buffer, offset);
        }
        catch (IOException exception)
        {
            throw new CoreFileUnreadableException(_path, exception.Message, accessDenied: false, exception);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _handle.Dispose();
        }

        base.Dispose(disposing);
    }

    private static CoreFileBytes OpenUnix(string path)
    {
        int flags = LibC.O_RDONLY | (OperatingSystem.IsLinux()
            ? LibC.O_NONBLOCK_LINUX | LibC.O_CLOEXEC
            : LibC.O_NONBLOCK_BSD | (OperatingSystem.IsMacOS() ? LibC.O_CLOEXEC_MACOS : LibC.O_CLOEXEC_FREEBSD));
        int fd = LibC.Open(path, flags);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.ENOENT)
            {
                throw new CoreFileNotFoundException(path);
            }

            throw new CoreFileUnreadableException(path, Marshal.GetPInvokeErrorMessage(errno), accessDenied: errno is LibC.EACCES or LibC.EPERM);
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        long length = LibC.LSeek(fd, 0, LibC.SEEK_END);
        if (length < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            throw new CoreFileUnreadableException(path, errno == LibC.ESPIPE ? Messages.CoreNotRegularFile : Marshal.GetPInvokeErrorMessage(errno));
        }

        return new CoreFileBytes(handle, length, path);
    }
}
