namespace ProcMap.FreeBsd;

/// <summary>
/// FreeBSD's 64-bit dev_t split into major and minor as major(3)/minor(3) do (sys/sys/types.h,
/// FreeBSD 12+): the low 32 bits keep the old 8-bit-major encoding, the high bits extend both.
/// </summary>
internal static class FreeBsdDevice
{
    public static uint Major(ulong device) => (uint)(((device >> 32) & 0xffffff00) | ((device >> 8) & 0xff));

    public static uint Minor(ulong device) => (uint)(((device >> 24) & 0xff00) | (device & 0xffff00ff));
}
