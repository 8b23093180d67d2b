using System.Threading;
using ProcMap.Elf;

namespace ProcMap.CoreFile;

/// <summary>
/// Get-KvmProcess on a core: NT_PRPSINFO gives the process (ids, real uid/gid, comm, state, nice), each
/// NT_PRSTATUS a thread (tid, signals, CPU times). The kernel puts the whole process's CPU times in the
/// thread group leader's NT_PRSTATUS, so the process row takes them from there and the leader's thread
/// row, which has no times of its own in the core, leaves them null. The core has no start time, tty,
/// effective or saved ids, priority or memory sizes: those stay null.
/// </summary>
internal static class CoreProcesses
{
    public static ProcessInfo Process(CoreImage image, CancellationToken cancellationToken)
    {
        int processId = image.ProcessId;
        var leader = image.FirstThread;
        var threads = new ThreadCursor(image);
        while (threads.TryNext(out var status, cancellationToken))
        {
            if (status.ThreadId == processId)
            {
                leader = status;
                break;
            }
        }

        var info = Common(image, leader);
        info.ThreadCount = image.ThreadCount;
        if (image.PsInfo is CorePsInfo psinfo)
        {
            info.State = State(psinfo.StateLetter);
            info.Nice = psinfo.Nice;
        }

        if (leader is CorePrStatus times && times.Filled)
        {
            info.UserCpuTime = times.UserTime;
            info.SystemCpuTime = times.SystemTime;
        }

        return info;
    }

    /// <summary>The next thread row, or null after the last.</summary>
    public static ProcessInfo? NextThread(CoreImage image, ThreadCursor threads, CancellationToken cancellationToken)
    {
        if (!threads.TryNext(out var status, cancellationToken))
        {
            return null;
        }

        var info = Common(image, status);
        info.ThreadId = status.ThreadId;
        bool isLeader = status.ThreadId == image.ProcessId;
        if (isLeader && image.PsInfo is CorePsInfo psinfo)
        {
            // pr_sname and pr_nice describe the leader (fill_psinfo is given the group leader).
            info.State = State(psinfo.StateLetter);
            info.Nice = psinfo.Nice;
        }

        if (!isLeader && status.Filled)
        {
            info.UserCpuTime = status.UserTime;
            info.SystemCpuTime = status.SystemTime;
        }

        return info;
    }

    private static ProcessInfo Common(CoreImage image, CorePrStatus? status)
    {
        var info = new ProcessInfo { ProcessId = image.ProcessId };
        if (image.PsInfo is CorePsInfo psinfo)
        {
            info.ParentProcessId = psinfo.ParentProcessId;
            info.ProcessGroupId = psinfo.ProcessGroupId;
            info.SessionId = psinfo.SessionId;
            info.RealUserId = psinfo.RealUserId;
            info.RealGroupId = psinfo.RealGroupId;
            info.Name = psinfo.Name;
        }
        else if (status is CorePrStatus { Filled: true } ids)
        {
            info.ParentProcessId = ids.ParentProcessId;
            info.ProcessGroupId = ids.ProcessGroupId;
            info.SessionId = ids.SessionId;
        }

        if (status is CorePrStatus thread)
        {
            info.CurrentSignal = thread.CurrentSignal;
            if (thread.Filled)
            {
                info.PendingSignals = thread.PendingSignals;
                info.BlockedSignals = thread.BlockedSignals;
            }
        }

        return info;
    }

    /// <summary>pr_sname, the letter ps prints (fs/binfmt_elf.c fill_psinfo; gdb copies it from /proc/PID/stat); NUL when unknown.</summary>
    internal static ProcessState? State(byte letter) => letter == 0 ? null : Linux.ProcessStates.FromLinux(letter);
}
