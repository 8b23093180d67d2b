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

    public const string CannotList = "the directory cannot be listed.";

    public static string UnknownUser(string user) =>
        Format("The user \"{0}\" does not exist in the user database; give a user name or a numeric user id.", user);

    public static string UnknownTty(string tty) =>
        Format("\"{0}\" is not a terminal: give a name under /dev such as pts/3, /dev/pts/3 or tty1, or a TtyDevice number.", tty);

    public static string ProcessNameNotFound(string name) =>
        Format("Cannot find a process with the name \"{0}\". Verify the process name and call the cmdlet again.", name);

    private static string Format(string format, params object[] args) =>
        string.Format(CultureInfo.InvariantCulture, format, args);
}
