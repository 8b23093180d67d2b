using System;
using System.Runtime.InteropServices;

namespace ProcMap.Interop;

/// <summary>Asks the kernel which device a special file names, with statx(2).</summary>
internal static class DeviceFile
{
    // struct statx (include/uapi/linux/stat.h): 256 bytes; stx_mode is a __u16 at 28, stx_rdev_major and
    // stx_rdev_minor are __u32 at 128 and 132. The layout is the same on every architecture.
    private const int StatxSize = 256;
    private const int ModeOffset = 28;
    private const int RdevMajorOffset = 128;
    private const int RdevMinorOffset = 132;

    /// <summary>
    /// True when <paramref name="path"/> is a character device, with its major and minor numbers.
    /// False (errno 0) when it exists but is something else; false with the errno when statx failed.
    /// </summary>
    public static unsafe bool TryGetCharacterDevice(string path, out uint major, out uint minor, out int errno)
    {
        major = 0;
        minor = 0;
        byte* buffer = stackalloc byte[StatxSize];
        if (LibC.StatX(LibC.AT_FDCWD, path, 0, LibC.STATX_TYPE, buffer) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return false;
        }

        errno = 0;
        var bytes = new ReadOnlySpan<byte>(buffer, StatxSize);
        int mode = MemoryMarshal.Read<ushort>(bytes[ModeOffset..]);
        if ((mode & LibC.S_IFMT) != LibC.S_IFCHR)
        {
            return false;
        }

        major = MemoryMarshal.Read<uint>(bytes[RdevMajorOffset..]);
        minor = MemoryMarshal.Read<uint>(bytes[RdevMinorOffset..]);
        return true;
    }
}
