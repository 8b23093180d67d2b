using System.Runtime.InteropServices;
using ProcMap.Interop;

namespace ProcMap.Linux;

/// <summary>The one mapping from an errno met on a /proc file to the exception a source reports.</summary>
internal static class ProcErrors
{
    /// <summary>
    /// ENOENT: the /proc/PID directory is gone. ESRCH: the task exited after open (proc_pid_maps,
    /// proc_pid_cmdline and friends return it from their read). EACCES/EPERM: the ptrace access check
    /// (PTRACE_MODE_READ_FSCREDS) refused at open, or hidepid hides the process.
    /// </summary>
    public static ProcMapException FromErrno(int errno, int processId, string path) => errno switch
    {
        LibC.ENOENT or LibC.ESRCH => new ProcessNotFoundException(processId),
        LibC.EACCES or LibC.EPERM => new ProcessAccessDeniedException(processId, path),
        _ => new ProcReadException(path, Marshal.GetPInvokeErrorMessage(errno)),
    };

    /// <summary>True when the errno means the process is simply gone, which a listing skips without a word.</summary>
    public static bool IsGone(int errno) => errno is LibC.ENOENT or LibC.ESRCH;
}
