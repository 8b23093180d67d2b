using System.Globalization;

namespace ProcMap;

/// <summary>Every message text ProcMap shows, in one place.</summary>
internal static class Messages
{
    public static string ProcessNotFound(int processId) =>
        Format("Cannot find a process with the process identifier {0}.", processId);

    public static string AccessDenied(int processId, string path) =>
        Format("Access to {0} of process {1} is denied: the kernel allows it only to the process's owner with ptrace rights, or to root.", path, processId);

    public static string ProcReadFailed(string path, string detail) =>
        Format("Cannot read {0}: {1}", path, detail);

    public static string InvalidProcessId(long processId) =>
        Format("The process identifier {0} is not valid: process identifiers start at 1.", processId);

    public static string UnexpectedFormat(int lineNumber, string what) =>
        Format("line {0} is not in the documented format ({1}).", lineNumber, what);

    public static string PlatformNotSupported(string operatingSystem) =>
        Format("ProcMap has no live source on {0}. Use -CorePath to read a process core file instead.", operatingSystem);

    public static string SourceCannot(string source, string operation) =>
        Format("The {0} source cannot {1}.", source, operation);

    public static string InvalidAddressRange(ulong start, ulong end) =>
        Format("The address range 0x{0:x}-0x{1:x} is empty: the start address must be below the end address.", start, end);

    public static string AddressWithRange() =>
        "-Address names the one run that holds an address; it cannot be combined with -StartAddress or -EndAddress.";

    public static string NotAnAddress(object? value) =>
        Format("'{0}' is not an address: give a 0x-prefixed hex number such as 0x7ffd1000 (up to 0xffffffffffffffff) or a decimal number.", value ?? "(null)");

    public static string FramesHidden() =>
        "Physical frame numbers are hidden: since Linux 4.2 /proc/PID/pagemap shows them only to a reader with CAP_SYS_ADMIN, "
        + "so PhysicalStart, SwapType and SwapOffset are empty and runs are split by page state and pagemap bits only.";

    public static string PageFlagsUnreadable(string reason) =>
        Format("PageFlags and MapCount are empty: {0}", reason);

    public static string KpageFilesUnreadable(string path, string detail) =>
        Format("{0} cannot be read ({1}); /proc/kpageflags and /proc/kpagecount are readable by root only.", path, detail);

    public static string PageFlagsNeedFrames() =>
        "/proc/kpageflags is indexed by physical frame number, and the kernel hides frame numbers from this reader.";

    public static string ScanUsed(string path) =>
        Format("Reading {0} only where the PAGEMAP_SCAN ioctl finds populated pages.", path);

    public static string ScanDisabled(string path, string variable) =>
        Format("Reading {0} page by page: PAGEMAP_SCAN is disabled by {1}=1.", path, variable);

    public static string ScanUnsupported(string path, string detail) =>
        Format("Reading {0} page by page: this kernel has no PAGEMAP_SCAN ioctl (Linux 6.7+): {1}.", path, detail);

    private static string Format(string format, params object[] args) =>
        string.Format(CultureInfo.InvariantCulture, format, args);
}
