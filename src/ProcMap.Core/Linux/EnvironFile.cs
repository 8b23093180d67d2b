using System;
using System.Collections.Specialized;
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
    /// (the arguments still go out). A process that is gone throws, like every other read; one without an
    /// address space (a kernel thread or a zombie: opening environ fails with ESRCH although the process is
    /// there) has an empty environment, as kvm_getenvv gives none for system processes.
    /// </summary>
    public static OrderedDictionary? Read(ProcFs proc, int processId, int maxChars, out bool truncated, out ProcMapException? error)
    {
        int limit = maxChars <= 0 ? int.MaxValue : (int)Math.Min(int.MaxValue, (long)maxChars + 1);
        string path = proc.PathOf(processId, "environ");
        truncated = false;
        error = null;
        if (!proc.TryReadAll(path, processId, out var data, out int errno, limit))
        {
            switch (proc.Failure(errno, processId, path))
            {
                case ProcessHasNoAddressSpaceException:
                    return new OrderedDictionary(0, StringComparer.Ordinal);
                case ProcessNotFoundException gone:
                    throw gone;
                case var failure:
                    error = failure;
                    return null;
            }
        }

        return EnvironmentStrings.Parse(data, data.Length < limit, maxChars, out truncated);
    }
}
