using System;
using System.Collections.Generic;
using System.Linq;

namespace ProcMap;

/// <summary>
/// Which processes Get-KvmProcess asks for, as kvm_getprocs(3)'s op/arg pairs: every criterion that is
/// set must hold (they AND together), and an unset one (null) matches everything (KERN_PROC_PROC).
/// </summary>
public sealed class ProcessSelector
{
    /// <summary>KERN_PROC_PID: these process ids.</summary>
    public IReadOnlyCollection<int>? ProcessIds { get; init; }

    /// <summary>KERN_PROC_PGRP: these process groups.</summary>
    public IReadOnlyCollection<int>? ProcessGroupIds { get; init; }

    /// <summary>KERN_PROC_SESSION: these sessions.</summary>
    public IReadOnlyCollection<int>? SessionIds { get; init; }

    /// <summary>KERN_PROC_TTY: these controlling terminals, as encoded device numbers.</summary>
    public IReadOnlyCollection<ulong>? TtyDevices { get; init; }

    /// <summary>KERN_PROC_UID: these effective user ids.</summary>
    public IReadOnlyCollection<uint>? UserIds { get; init; }

    /// <summary>KERN_PROC_RUID: these real user ids.</summary>
    public IReadOnlyCollection<uint>? RealUserIds { get; init; }

    /// <summary>A test on the command name (the cmdlet passes its wildcard match); null matches every name.</summary>
    public Func<string, bool>? NameFilter { get; init; }

    /// <summary>KERN_PROC_INC_THREAD: one row per thread instead of one per process.</summary>
    public bool IncludeThreads { get; init; }

    /// <summary>
    /// Also read where each task sleeps in the kernel (<see cref="ProcessInfo.WaitChannel"/>). Off by default:
    /// on Linux it is one more file per process and thread (/proc/PID/wchan), about a third more kernel work
    /// for a listing, as Get-Process -IncludeUserName makes its costly column opt-in.
    /// </summary>
    public bool IncludeWaitChannel { get; init; }

    /// <summary>Also read the executable's path (<see cref="ProcessInfo.Executable"/>): one readlink(2) a process on Linux.</summary>
    public bool IncludeExecutable { get; init; }

    /// <summary>Also read the current and root directories: two readlink(2) calls a process on Linux.</summary>
    public bool IncludeDirectory { get; init; }

    /// <summary>Also read the control group and its systemd unit: one more file a process on Linux (/proc/PID/cgroup).</summary>
    public bool IncludeControlGroup { get; init; }

    /// <summary>Also count the open file descriptors: a directory listing a process on Linux (/proc/PID/fd).</summary>
    public bool IncludeOpenFileCount { get; init; }

    /// <summary>Also list the unlinked files each process maps (<see cref="ProcessInfo.DeletedFiles"/>): a read of /proc/PID/maps a process on Linux.</summary>
    public bool IncludeDeletedFiles { get; init; }

    /// <summary>
    /// Also read each process's memory totals (<see cref="ProcessInfo.Pss"/>, Uss, Swap, ...): on Linux one read
    /// of /proc/PID/smaps_rollup, in which the kernel walks the page tables, so it is asked for. A process
    /// whose totals the reader may not see keeps its row, with the figures null, and goes to
    /// <see cref="MemoryUnreadable"/>; kernel threads and zombies have no address space and no figures.
    /// </summary>
    public bool IncludeMemory { get; init; }

    /// <summary>
    /// Hears about a process whose memory totals could not be read (its row still comes, without them):
    /// mostly <see cref="ProcessAccessDeniedException"/>, the kernel's ptrace read check.
    /// </summary>
    public Action<ProcMapException>? MemoryUnreadable { get; init; }

    /// <summary>
    /// Hears about a process a listing could not read for a reason other than its exit (a parse failure, an
    /// unexpected errno), so the caller can report it while the listing goes on. Null: such processes are
    /// skipped without a word.
    /// </summary>
    public Action<ProcMapException>? ReadFailed { get; init; }

    /// <summary>
    /// True when a criterion is an empty set: every value given for it named nothing (an unknown user), so
    /// no process can match. An empty set never means "no filter".
    /// </summary>
    public bool SelectsNothing =>
        ProcessIds is { Count: 0 } || ProcessGroupIds is { Count: 0 } || SessionIds is { Count: 0 }
        || TtyDevices is { Count: 0 } || UserIds is { Count: 0 } || RealUserIds is { Count: 0 };

    /// <summary>Every process, no threads (KERN_PROC_PROC).</summary>
    public static ProcessSelector All { get; } = new();

    /// <summary>True when <paramref name="process"/> meets every criterion that is set.</summary>
    public bool Matches(ProcessInfo process)
    {
        ArgumentNullException.ThrowIfNull(process);
        return (ProcessIds is null || ProcessIds.Contains(process.ProcessId))
            && Holds(ProcessGroupIds, process.ProcessGroupId)
            && Holds(SessionIds, process.SessionId)
            && Holds(TtyDevices, process.TtyDevice)
            && Holds(UserIds, process.UserId)
            && Holds(RealUserIds, process.RealUserId)
            && (NameFilter is null || NameFilter(process.Name));
    }

    private static bool Holds<T>(IReadOnlyCollection<T>? wanted, T? actual)
        where T : struct =>
        wanted is null || (actual is T value && wanted.Contains(value));
}
