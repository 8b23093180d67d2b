using System;
using System.Runtime.InteropServices;

namespace ProcMap.Interop;

/// <summary>What kind of file a path names (the S_IFMT bits of st_mode, the same on every Unix).</summary>
internal enum FileType
{
    /// <summary>This operating system gives ProcMap no way to ask (macOS, Windows).</summary>
    Unknown,
    Regular,
    Directory,
    CharacterDevice,
    BlockDevice,
    Fifo,
    Socket,
    SymbolicLink,
}

/// <summary>A file's type and, for a device, its device number.</summary>
/// <param name="Type">The kind of file.</param>
/// <param name="DeviceMajor">Linux: stx_rdev_major of a device; 0 otherwise.</param>
/// <param name="DeviceMinor">Linux: stx_rdev_minor of a device; 0 otherwise.</param>
/// <param name="Device">FreeBSD: st_rdev, the dev_t that kinfo_proc's ki_tdev holds; 0 otherwise.</param>
internal readonly record struct FileStatus(FileType Type, uint DeviceMajor, uint DeviceMinor, ulong Device)
{
    // struct statx (include/uapi/linux/stat.h): 256 bytes; stx_mode is a __u16 at 28, stx_rdev_major and
    // stx_rdev_minor are __u32 at 128 and 132. The layout is the same on every architecture.
    private const int StatxSize = 256;
    private const int StatxModeOffset = 28;
    private const int StatxRdevMajorOffset = 128;
    private const int StatxRdevMinorOffset = 132;

    // struct stat of FreeBSD 12 and later (sys/sys/stat.h, 64-bit ino_t): st_dev, st_ino and st_nlink are
    // 8 bytes each, so st_mode (a __uint16_t) is at 24; st_rdev (dev_t, 8 bytes) at 40 on every
    // architecture. 224 bytes on amd64; the buffer leaves room.
    private const int FreeBsdStatSize = 512;
    private const int FreeBsdModeOffset = 24;
    private const int FreeBsdRdevOffset = 40;

    private const int S_IFMT = 0xF000;

    /// <summary>
    /// Asks the kernel what <paramref name="path"/> is, following symbolic links, without opening it
    /// (statx(2) on Linux, stat(2) on FreeBSD). False with the errno when the kernel refused; true with
    /// <see cref="FileType.Unknown"/> where there is no such call here.
    /// </summary>
    public static unsafe bool TryGet(string path, out FileStatus status, out int errno)
    {
        status = default;
        errno = 0;
        if (OperatingSystem.IsLinux())
        {
            byte* buffer = stackalloc byte[StatxSize];
            if (LibC.StatX(LibC.AT_FDCWD, path, 0, LibC.STATX_TYPE, buffer) != 0)
            {
                errno = Marshal.GetLastPInvokeError();
                return false;
            }

            var bytes = new ReadOnlySpan<byte>(buffer, StatxSize);
            status = new FileStatus(
                TypeOf(MemoryMarshal.Read<ushort>(bytes[StatxModeOffset..])),
                MemoryMarshal.Read<uint>(bytes[StatxRdevMajorOffset..]),
                MemoryMarshal.Read<uint>(bytes[StatxRdevMinorOffset..]),
                0);
            return true;
        }

        if (OperatingSystem.IsFreeBSD())
        {
            byte* buffer = stackalloc byte[FreeBsdStatSize];
            if (LibC.Stat(path, buffer) != 0)
            {
                errno = Marshal.GetLastPInvokeError();
                return false;
            }

            var bytes = new ReadOnlySpan<byte>(buffer, FreeBsdStatSize);
            status = new FileStatus(TypeOf(MemoryMarshal.Read<ushort>(bytes[FreeBsdModeOffset..])), 0, 0, MemoryMarshal.Read<ulong>(bytes[FreeBsdRdevOffset..]));
            return true;
        }

        return true;
    }

    /// <summary>What the type is, as a user reads it in a sentence ("a character device").</summary>
    public static string Describe(FileType type) => type switch
    {
        FileType.Regular => "a regular file",
        FileType.Directory => "a directory",
        FileType.CharacterDevice => "a character device",
        FileType.BlockDevice => "a block device",
        FileType.Fifo => "a FIFO (named pipe)",
        FileType.Socket => "a socket",
        FileType.SymbolicLink => "a symbolic link",
        _ => "a file of unknown type",
    };

    private static FileType TypeOf(int mode) => (mode & S_IFMT) switch
    {
        0x8000 => FileType.Regular,
        0x4000 => FileType.Directory,
        0x2000 => FileType.CharacterDevice,
        0x6000 => FileType.BlockDevice,
        0x1000 => FileType.Fifo,
        0xC000 => FileType.Socket,
        0xA000 => FileType.SymbolicLink,
        _ => FileType.Unknown,
    };
}
