using System;
using System.Collections.Specialized;
using ProcMap.Interop;
using ProcMap.Text;

namespace ProcMap.Linux;

/// <summary>
/// /proc/PID/environ: the environment area as it was at exec, "NAME=value" strings each ending in NUL
/// (fs/proc/base.c environ_read). Mode 0400 plus a ptrace read check at open (PTRACE_MODE_READ_FSCREDS):
/// other users' processes refuse with EACCES. setenv(3) in the target does not show here (libc copies the
/// environment to the heap); setproctitle libraries may have overwritten it.
/// </summary>
internal static class EnvironFile
{
    /// <summary>
    /// Reads the environment, or returns null with <paramref name="error"/> set when the kernel refuses it
    /// (the arguments still go out). A process that is gone throws, like every other read.
    /// <paramref name="noArguments"/> says cmdline was empty: the process may have no address space.
    /// </summary>
    public static OrderedDictionary? Read(ProcFs proc, int processId, int maxChars, bool noArguments, out bool truncated, out ProcMapException? error)
    {
        int limit = maxChars <= 0 ? int.MaxValue : (int)Math.Min(int.MaxValue, (long)maxChars + 1);
        string path = proc.PathOf(processId, "environ");
        if (!proc.TryReadAll(path, processId, out var data, out int errno, limit))
        {
            if (errno == LibC.ESRCH && noArguments)
            {
                // Kernel threads and zombies have no mm, and opening environ then fails with ESRCH (mm_access)
                // although the process is there: no environment, as kvm_getenvv gives none for system processes.
                // With arguments just read, ESRCH means the process exited in between: not found, below.
                truncated = false;
                error = null;
                return new OrderedDictionary(0, StringComparer.Ordinal);
            }

            var failure = ProcErrors.FromErrno(errno, processId, path);
            if (failure is ProcessNotFoundException)
            {
                throw failure;
            }

            truncated = false;
            error = failure;
            return null;
        }

        error = null;
        return EnvironmentStrings.Parse(data, data.Length < limit, maxChars, out truncated);
    }
}
