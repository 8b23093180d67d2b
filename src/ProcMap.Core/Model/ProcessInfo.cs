using System;
using System.Collections.Generic;

namespace ProcMap;

/// <summary>
/// One process, or one thread of it (with -IncludeThreads), as kvm_getprocs(3) returns a kinfo_proc:
/// from /proc/PID/stat and status on Linux, a kinfo_proc on FreeBSD, NT_PRPSINFO/NT_PRSTATUS in a core.
/// Property names are the public contract (DESIGN.md); what a source cannot know is null.
/// </summary>
public sealed class ProcessInfo
{
    /// <summary>The process id (thread group id).</summary>
    public int ProcessId { get; internal set; }

    /// <summary>The same as ProcessId, so Stop-Process, Wait-Process and Get-Process bind to it by property name.</summary>
    public int Id => ProcessId;

    /// <summary>The thread id on thread rows (-IncludeThreads); null on process rows.</summary>
    public int? ThreadId { get; internal set; }

    /// <summary>The parent's process id.</summary>
    public int? ParentProcessId { get; internal set; }

    /// <summary>The process group id.</summary>
    public int? ProcessGroupId { get; internal set; }

    /// <summary>The session id.</summary>
    public int? SessionId { get; internal set; }

    /// <summary>The controlling terminal's device number as the kernel encodes it (Linux tty_nr, FreeBSD ki_tdev); null when there is none.</summary>
    public ulong? TtyDevice { get; internal set; }

    /// <summary>The controlling terminal's name without /dev/, such as pts/3 or tty1; null when there is none.</summary>
    public string? TtyName { get; internal set; }

    /// <summary>The effective user id.</summary>
    public uint? UserId { get; internal set; }

    /// <summary>The real user id.</summary>
    public uint? RealUserId { get; internal set; }

    /// <summary>The saved set-user-id.</summary>
    public uint? SavedUserId { get; internal set; }

    /// <summary>The effective group id.</summary>
    public uint? GroupId { get; internal set; }

    /// <summary>The real group id.</summary>
    public uint? RealGroupId { get; internal set; }

    /// <summary>The effective user's name from the user database; null when the uid has no entry.</summary>
    public string? UserName { get; internal set; }

    /// <summary>The real user's name from the user database (ps's RUSER); null when the uid has no entry.</summary>
    public string? RealUserName { get; internal set; }

    /// <summary>The command name (comm, at most 15 bytes on Linux); the thread's own name on thread rows.</summary>
    public string Name { get; internal set; } = "";

    /// <summary>The scheduler state.</summary>
    public ProcessState? State { get; internal set; }

    /// <summary>The nice value, -20 to 19.</summary>
    public int? Nice { get; internal set; }

    /// <summary>The kernel's priority value as ps prints it (stat field 18 on Linux).</summary>
    public int? Priority { get; internal set; }

    /// <summary>The number of threads in the process.</summary>
    public int? ThreadCount { get; internal set; }

    /// <summary>Virtual memory size in bytes.</summary>
    public ulong? VirtualSize { get; internal set; }

    /// <summary>Resident set size in bytes.</summary>
    public ulong? ResidentSize { get; internal set; }

    /// <summary>When the process (or thread) started, in local time.</summary>
    public DateTime? StartTime { get; internal set; }

    /// <summary>CPU time spent in user mode.</summary>
    public TimeSpan? UserCpuTime { get; internal set; }

    /// <summary>CPU time spent in the kernel.</summary>
    public TimeSpan? SystemCpuTime { get; internal set; }

    /// <summary>The CPU it last ran on.</summary>
    public int? Processor { get; internal set; }

    /// <summary>
    /// Where it sleeps in the kernel (Linux /proc/PID/wchan, FreeBSD ki_wmesg); null when running or unknown,
    /// and on Linux unless <see cref="ProcessSelector.IncludeWaitChannel"/> asked for it.
    /// </summary>
    public string? WaitChannel { get; internal set; }

    /// <summary>
    /// Core files only: pr_cursig, the signal that made the core (the kernel records the same one for every
    /// thread) or that stopped the thread; 0 for none. Null on live rows: neither procfs nor sysctl shows it.
    /// </summary>
    public int? CurrentSignal { get; internal set; }

    /// <summary>
    /// The pending signals as a mask (bit n-1 for signal n). Live Linux: status SigPnd | ShdPnd, the task's own
    /// and its process's shared pending signals; FreeBSD: ki_siglist; core files: pr_sigpend, the thread's own.
    /// </summary>
    public ulong? PendingSignals { get; internal set; }

    /// <summary>The blocked signals as a mask: status SigBlk, FreeBSD ki_sigmask, a core's pr_sighold.</summary>
    public ulong? BlockedSignals { get; internal set; }

    /// <summary>Live rows only: the ignored signals as a mask (status SigIgn, FreeBSD ki_sigignore); null in core files, which do not record them.</summary>
    public ulong? IgnoredSignals { get; internal set; }

    /// <summary>Live rows only: the signals with a handler as a mask (status SigCgt, FreeBSD ki_sigcatch); null in core files.</summary>
    public ulong? CaughtSignals { get; internal set; }

    /// <summary>
    /// Bytes locked in memory with mlock(2) (Linux status VmLck, the L of ps's STAT); null where the source
    /// does not say (core files, FreeBSD).
    /// </summary>
    internal ulong? LockedBytes { get; set; }

    /// <summary>
    /// The foreground process group of the controlling terminal (stat field tpgid, FreeBSD ki_tpgid); null
    /// without a terminal. The process is in the terminal's foreground when it equals ProcessGroupId.
    /// </summary>
    public int? TerminalProcessGroupId { get; internal set; }

    /// <summary>
    /// The STAT column of ps: the state letter, then &lt; (nice below 0) or N (above 0), L (pages locked in
    /// memory), s (session leader), l (more than one thread) and + (in the terminal's foreground process group).
    /// </summary>
    public string Stat => StatText.Format(this);

    // The figures of -IncludeMemory (ProcessSelector.IncludeMemory), from /proc/PID/smaps_rollup, in bytes: in a
    // side object, so a plain listing pays one reference per process for them. Null when not asked for, on a
    // kernel thread or zombie (no address space), and where the reader may not see the process's memory.

    internal SmapsValues? Memory { get; set; }

    /// <summary>-IncludeMemory: proportional set size, each resident page divided by the number of processes mapping it (smem's PSS).</summary>
    public ulong? Pss => Memory?.Get(SmapsField.Pss);

    /// <summary>-IncludeMemory: the anonymous part of Pss (smaps_rollup Pss_Anon, Linux 5.10+).</summary>
    public ulong? PssAnonymous => Memory?.Get(SmapsField.PssAnon);

    /// <summary>-IncludeMemory: the file-backed part of Pss (Pss_File, Linux 5.10+).</summary>
    public ulong? PssFile => Memory?.Get(SmapsField.PssFile);

    /// <summary>-IncludeMemory: the shared-memory (shmem, tmpfs, SysV) part of Pss (Pss_Shmem, Linux 5.10+).</summary>
    public ulong? PssShmem => Memory?.Get(SmapsField.PssShmem);

    /// <summary>-IncludeMemory: the dirty part of Pss (Pss_Dirty, Linux 6.0+).</summary>
    public ulong? PssDirty => Memory?.Get(SmapsField.PssDirty);

    /// <summary>-IncludeMemory: unique set size, the memory freed if the process exited: Private_Clean + Private_Dirty + Private_Hugetlb, as psutil defines it.</summary>
    public ulong? Uss => Memory?.Private;

    /// <summary>-IncludeMemory: bytes swapped out (ignoring sharing).</summary>
    public ulong? Swap => Memory?.Get(SmapsField.Swap);

    /// <summary>-IncludeMemory: the proportional share of swapped-out bytes (SwapPss).</summary>
    public ulong? SwapPss => Memory?.Get(SmapsField.SwapPss);

    /// <summary>-IncludeMemory: the proportional bytes of mlock(2)ed mappings (smaps Locked).</summary>
    public ulong? Locked => Memory?.Get(SmapsField.Locked);

    /// <summary>
    /// The executable's path: the target of /proc/PID/exe with " (deleted)" removed (see ExecutableDeleted),
    /// a <c>/memfd:NAME</c> for a program run from a memfd. Linux only, and only with -IncludeExecutable
    /// (one readlink(2) a process); null for kernel threads, zombies and processes this user may not trace.
    /// </summary>
    public string? Executable { get; internal set; }

    /// <summary>True when the executable file was unlinked (the kernel appended " (deleted)"): replaced by an upgrade, or removed.</summary>
    public bool? ExecutableDeleted { get; internal set; }

    /// <summary>The current working directory (/proc/PID/cwd); Linux only, with -IncludeDirectory; null where it cannot be read.</summary>
    public string? CurrentDirectory { get; internal set; }

    /// <summary>The root directory (/proc/PID/root, "/" unless chrooted); Linux only, with -IncludeDirectory.</summary>
    public string? RootDirectory { get; internal set; }

    /// <summary>
    /// The control group path from /proc/PID/cgroup: the cgroup v2 ("0::") line where a cgroup2 hierarchy
    /// is mounted (unified, or hybrid beside v1, as systemd and libsystemd read it), the name=systemd line on a
    /// v1-only system. Linux only, with -IncludeControlGroup.
    /// </summary>
    public string? ControlGroup { get; internal set; }

    /// <summary>
    /// The systemd unit ControlGroup names: the first service, scope or other unit after the slices
    /// (user@1000.service for a user's services, as ps -o unit shows it), the innermost slice for a process
    /// in a slice alone; null when the process is in none (the root group). With -IncludeControlGroup.
    /// </summary>
    public string? Unit { get; internal set; }

    /// <summary>The process id inside its own pid namespace (the last NSpid value of status); equals ProcessId outside containers.</summary>
    public int? NamespacePid { get; internal set; }

    /// <summary>The saved set-group-id (status Gid, FreeBSD ki_svgid).</summary>
    public uint? SavedGroupId { get; internal set; }

    /// <summary>The supplementary group ids (status Groups, FreeBSD ki_groups after the effective gid); empty when there are none.</summary>
    public IReadOnlyList<uint>? SupplementaryGroupIds { get; internal set; }

    /// <summary>The scheduling policy (stat field 41; FreeBSD: the priority class of ki_pri).</summary>
    public SchedulingPolicy? SchedulingPolicy { get; internal set; }

    /// <summary>
    /// The real-time priority (stat field 40: 1 to 99, higher first; 0 for the other policies). FreeBSD:
    /// rtprio(1)'s value for the real-time classes (0 to 31, lower first), null for the others.
    /// </summary>
    public int? RealtimePriority { get; internal set; }

    /// <summary>Context switches the task made by blocking (status voluntary_ctxt_switches, FreeBSD ru_nvcsw).</summary>
    public ulong? VoluntaryContextSwitches { get; internal set; }

    /// <summary>Context switches forced on the task by preemption (status nonvoluntary_ctxt_switches, FreeBSD ru_nivcsw).</summary>
    public ulong? InvoluntaryContextSwitches { get; internal set; }

    /// <summary>The CPUs the task may run on, ascending (status Cpus_allowed_list, taskset(1)'s list).</summary>
    public IReadOnlyList<int>? Affinity { get; internal set; }

    /// <summary>The number of open file descriptors (entries of /proc/PID/fd); Linux only, with -IncludeOpenFileCount.</summary>
    public int? OpenFileCount { get; internal set; }

    /// <summary>
    /// The unlinked files from the file system the process maps, each once, in address order (paths
    /// without " (deleted)"): a library or program an upgrade replaced or removed, or a file it made and
    /// unlinked. Not memfd, SysV or shared anonymous memory, nor POSIX shared memory in /dev/shm
    /// (<see cref="VmRegionFilter.DeletedFiles"/>). Linux only, with -IncludeDeletedFiles (a read of
    /// /proc/PID/maps); null where this user may not read the maps.
    /// </summary>
    public IReadOnlyList<string>? DeletedFiles { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => ThreadId is int tid ? $"{ProcessId}/{tid} {Name}" : $"{ProcessId} {Name}";
}
