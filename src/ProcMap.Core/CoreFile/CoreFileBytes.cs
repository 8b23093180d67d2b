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
    /// Opens <paramref name="path"/> for reading. What the path names is asked first, without opening it:
    /// only a regular file is opened, so a device whose open has effects (a tape, a terminal) is never
    /// touched and a FIFO never blocks. Where the system gives no way to ask (macOS, Windows), a directory is
    /// refused by name and the file is opened without blocking and must be seekable.
    /// </summary>
    public static CoreFileBytes Open(string path)
    {
        if (!FileStatus.TryGet(path, out var status, out int errno))
        {
            throw Errno.ForCoreFile(errno, path, Messages.CoreExamining);
        }

        if (status.Type is not (FileType.Regular or FileType.Unknown))
        {
            throw new CoreFileUnreadableException(path, Messages.CoreNotAFile(FileStatus.Describe(status.Type)));
        }

        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            return OpenUnix(path);
        }

        if (Directory.Exists(path))
        {
            throw new CoreFileUnreadableException(path, Messages.CoreNotAFile(FileStatus.Describe(FileType.Directory)));
        }

        if (!File.Exists(path))
        {
            throw new CoreFileNotFoundException(path);
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
            throw new CoreFileUnreadableException(_path, Messages.CoreOperationFailed(Messages.CoreReading, exception.Message.TrimEnd('.')), accessDenied: false, exception);
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
            throw errno == LibC.EISDIR
                ? new CoreFileUnreadableException(path, Messages.CoreNotAFile(FileStatus.Describe(FileType.Directory)))
                : Errno.ForCoreFile(errno, path, Messages.CoreOpening);
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        long length = LibC.LSeek(fd, 0, LibC.SEEK_END);
        if (length < 0)
        {
            // A procfs or sysfs file (/proc/self/mem) is "regular" but has no length to give.
            int errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            throw Errno.ForCoreFile(errno, path, Messages.CoreSeeking);
        }

        return new CoreFileBytes(handle, length, path);
    }
}
