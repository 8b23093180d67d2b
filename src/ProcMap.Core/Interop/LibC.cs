using System.Runtime.InteropServices;

namespace ProcMap.Interop;

/// <summary>
/// The few libc calls ProcMap needs. Raw descriptors instead of FileStream/SafeFileHandle because a
/// listing meets vanished processes all the time: an errno costs nothing, an exception costs microseconds,
/// and .NET's File.OpenHandle adds fstat and flock calls per open.
/// </summary>
internal static partial class LibC
{
    // errno values (Linux asm-generic/errno-base.h). Linux, FreeBSD and macOS share the numbers 1 to 34
    // (Version 7 Unix's list); only those appear here.
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int ENXIO = 6;
    public const int EBADF = 9;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int EFAULT = 14;
    public const int EBUSY = 16;
    public const int ENODEV = 19;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ENFILE = 23;
    public const int EMFILE = 24;
    public const int ENOTTY = 25;
    public const int ETXTBSY = 26;
    public const int EFBIG = 27;
    public const int ESPIPE = 29;
    public const int ERANGE = 34;

    public const int O_RDONLY = 0;

    // Linux value; close-on-exec so a child started by the pwsh session never inherits a /proc descriptor.
    public const int O_CLOEXEC = 0x80000;

    // open(2) flags for opening a core file without blocking on a FIFO, per system (Linux
    // asm-generic/fcntl.h; macOS and FreeBSD sys/fcntl.h).
    public const int O_NONBLOCK_LINUX = 0x800;
    public const int O_NONBLOCK_BSD = 0x4;
    public const int O_CLOEXEC_MACOS = 0x1000000;
    public const int O_CLOEXEC_FREEBSD = 0x100000;

    public const int SEEK_END = 2;

    // sysconf name for clock ticks per second (Linux and glibc/musl bits/confname.h): stat's times are in these units.
    public const int _SC_CLK_TCK = 2;

    // openat-style "relative to the working directory" (fcntl.h); statx with an absolute path ignores it.
    public const int AT_FDCWD = -100;

    // statx mask bit: the file type and mode (linux/stat.h).
    public const uint STATX_TYPE = 0x1;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    internal static unsafe partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    internal static unsafe partial nint PRead(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    internal static partial long LSeek(int fd, long offset, int whence);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "readlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial nint ReadLink(string path, byte* buffer, nuint size);

    // ioctl(2) is variadic in C; every request ProcMap makes passes one pointer, which the x86-64 and
    // arm64 calling conventions pass exactly like a fixed third argument.
    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    internal static unsafe partial int Ioctl(int fd, nuint request, void* argument);

    [LibraryImport("libc", EntryPoint = "sysconf", SetLastError = true)]
    internal static partial long SysConf(int name);

    /// <summary>
    /// statx(2) (glibc 2.28+): its struct statx has one layout on every architecture and carries the
    /// device numbers as separate major and minor fields, so no dev_t encoding is guessed.
    /// </summary>
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int StatX(int dirFd, string path, int flags, uint mask, byte* buffer);

    /// <summary>stat(2), used only on FreeBSD (FileStatus reads FreeBSD's struct stat layout).</summary>
    [LibraryImport("libc", EntryPoint = "stat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int Stat(string path, byte* buffer);

    /// <summary>getpwuid_r(3): the user database entry of a uid, through NSS (files, sssd, LDAP, systemd-userdb).</summary>
    [LibraryImport("libc", EntryPoint = "getpwuid_r")]
    internal static unsafe partial int GetPwUidR(uint uid, Passwd* entry, byte* buffer, nuint bufferSize, Passwd** result);

    /// <summary>getpwnam_r(3): the user database entry of a user name.</summary>
    [LibraryImport("libc", EntryPoint = "getpwnam_r", StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int GetPwNamR(string name, Passwd* entry, byte* buffer, nuint bufferSize, Passwd** result);

    // FreeBSD only: sysctl(3) and sysctlbyname(3), reached only from FreeBsd/SysctlKernel. sysctl returns
    // ENOMEM when the old buffer is too small.
    [LibraryImport("libc", EntryPoint = "sysctl", SetLastError = true)]
    internal static unsafe partial int Sysctl(int* name, uint nameLength, byte* oldValue, nuint* oldLength, byte* newValue, nuint newLength);

    [LibraryImport("libc", EntryPoint = "sysctlbyname", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int SysctlByName(string name, byte* oldValue, nuint* oldLength, byte* newValue, nuint newLength);

    /// <summary>
    /// struct passwd (pwd.h). Only pw_name and pw_uid are read; they sit at the same offsets in glibc's,
    /// musl's and FreeBSD's layouts. FreeBSD's struct is longer (pw_change, pw_class, pw_expire, pw_fields:
    /// 80 bytes on LP64), so Size leaves room for it and getpwuid_r never writes past this struct.
    /// </summary>
    [StructLayout(LayoutKind.Sequential, Size = 128)]
    internal unsafe struct Passwd
    {
        public byte* Name;
        public byte* Password;
        public uint UserId;
        public uint GroupId;
        public byte* Gecos;
        public byte* Directory;
        public byte* Shell;
    }
}
