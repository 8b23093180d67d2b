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

    public static string InvalidMaxChars(int maxChars) =>
        Format("The character limit {0} is not valid: use a positive number, or 0 for no limit.", maxChars);
    // FreeBSD: sysctl kern.proc.* records (FreeBsd/), and the Get-PhysicalRegion refusal.

    public static string FreeBsdHasNoPhysicalMap() =>
        "FreeBSD gives user space no map from virtual to physical pages (nothing like Linux's /proc/PID/pagemap), so Get-PhysicalRegion cannot run on FreeBSD. Get-VmMap shows each mapping's resident pages (ResidentPages, PrivateResidentPages) instead.";

    public static string RecordHeaderCut(int index, int offset, int remaining) =>
        Format("record {0} at byte {1} is cut off: only {2} bytes are left, too few for its size field.", index, offset, remaining);

    public static string RecordSizeTooSmall(int index, int offset, string sizeField, int size, int minimum, string structName) =>
        Format("record {0} at byte {1} gives {2} {3}, below the {4} bytes of the fixed part of struct {5} (amd64 layout of sys/sys/user.h).", index, offset, sizeField, size, minimum, structName);

    public static string RecordPastEnd(int index, int offset, string sizeField, int size, int remaining) =>
        Format("record {0} at byte {1} gives {2} {3}, but only {4} bytes are left in the buffer.", index, offset, sizeField, size, remaining);

    public static string RecordEndBeforeStart(int index, int offset, ulong start, ulong end) =>
        Format("record {0} at byte {1} ends (0x{2:x}) before it starts (0x{3:x}).", index, offset, end, start);

    private static string Format(string format, params object[] args) =>
        string.Format(CultureInfo.InvariantCulture, format, args);
}
