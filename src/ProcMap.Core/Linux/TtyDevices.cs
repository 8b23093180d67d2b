using System.Globalization;

namespace ProcMap.Linux;

/// <summary>
/// The controlling-terminal number in /proc/PID/stat (tty_nr) and the names of terminals. The kernel
/// prints tty_nr as new_encode_dev(dev) (include/linux/kdev_t.h): minor bits 0-7 in bits 0-7, the major
/// in bits 8-19, minor bits 8-19 in bits 20-31. 0 means no controlling terminal.
/// </summary>
internal static class TtyDevices
{
    /// <summary>new_encode_dev: the tty_nr value of device major:minor.</summary>
    public static ulong Encode(uint major, uint minor) =>
        (minor & 0xff) | ((ulong)(major & 0xfff) << 8) | ((ulong)(minor & ~0xffu) << 12);

    /// <summary>new_decode_dev: the major and minor of a tty_nr value.</summary>
    public static (uint Major, uint Minor) Decode(ulong ttyNumber) =>
        ((uint)((ttyNumber >> 8) & 0xfff), (uint)((ttyNumber & 0xff) | ((ttyNumber >> 12) & 0xfff00)));

    /// <summary>
    /// The name under /dev of a terminal device, from the fixed majors of Documentation/admin-guide/devices.txt
    /// (the table procps' dev_to_tty and /proc/tty/drivers agree on). False for majors this table does not
    /// know: the caller then looks the device up under /dev.
    /// </summary>
    public static bool TryNameFromTable(uint major, uint minor, out string? name)
    {
        name = major switch
        {
            // Virtual consoles: tty0 is the current one, tty1-tty63 the consoles; 64-255 are the 8250 serial ports.
            4 when minor < 64 => Numbered("tty", minor),
            4 when minor < 256 => Numbered("ttyS", minor - 64),
            5 when minor == 0 => "tty",
            5 when minor == 1 => "console",
            5 when minor == 2 => "ptmx",

            // Unix98 pty slaves. Modern kernels put all of them on major 136 with 20-bit minors; before the
            // 32-bit dev_t, pts/256 and up sat on majors 137-143, 256 to a major.
            >= 136 and <= 143 => Numbered("pts/", ((major - 136) * 256) + minor),
            166 => Numbered("ttyACM", minor),
            188 => Numbered("ttyUSB", minor),
            204 when minor >= 64 && minor < 64 + 16 => Numbered("ttyAMA", minor - 64),
            229 => Numbered("hvc", minor),
            _ => null,
        };
        return name is not null;
    }

    private static string Numbered(string prefix, uint number) =>
        prefix + number.ToString(CultureInfo.InvariantCulture);
}
