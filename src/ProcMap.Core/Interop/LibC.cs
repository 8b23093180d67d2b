using System.Runtime.InteropServices;

namespace ProcMap.Interop;

/// <summary>
/// The few libc calls ProcMap needs. Raw descriptors instead of FileStream/SafeFileHandle because a
/// listing meets vanished processes all the time: an errno costs nothing, an exception costs microseconds,
/// and .NET's File.OpenHandle adds fstat and flock calls per open.
/// </summary>
internal static partial class LibC
{
    // Linux values (asm-generic/errno-base.h); FreeBSD shares these low numbers.
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EBADF = 9;
    public const int EACCES = 13;
    public const int EFAULT = 14;
    public const int EINVAL = 22;
    public const int ENOTTY = 25;

    public const int O_RDONLY = 0;

    // Linux value; close-on-exec so a child started by the pwsh session never inherits a /proc descriptor.
    public const int O_CLOEXEC = 0x80000;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    internal static unsafe partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    internal static unsafe partial nint PRead(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "sysconf", SetLastError = true)]
    internal static partial long SysConf(int name);

    // ioctl(2) is variadic in C; every request ProcMap makes passes one pointer, which the x86-64 and
    // arm64 calling conventions pass exactly like a fixed third argument.
    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    internal static unsafe partial int Ioctl(int fd, nuint request, void* argument);
}
