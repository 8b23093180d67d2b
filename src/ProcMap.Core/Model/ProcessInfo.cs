using System;

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

    /// <inheritdoc/>
    public override string ToString() => ThreadId is int tid ? $"{ProcessId}/{tid} {Name}" : $"{ProcessId} {Name}";
}
