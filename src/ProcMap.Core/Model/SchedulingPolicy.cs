namespace ProcMap;

/// <summary>
/// The scheduling policy of a task, as sched_setscheduler(2) sets it (Linux stat field 41, the SCHED_*
/// values of include/uapi/linux/sched.h; chrt(1) prints them). A value this version does not name shows
/// as its number.
/// </summary>
public enum SchedulingPolicy
{
    /// <summary>SCHED_OTHER (the kernel's SCHED_NORMAL): the default time-sharing policy.</summary>
    Other = 0,

    /// <summary>SCHED_FIFO: real time, first in first out.</summary>
    Fifo = 1,

    /// <summary>SCHED_RR: real time, round robin.</summary>
    RoundRobin = 2,

    /// <summary>SCHED_BATCH: time sharing for CPU-bound batch work.</summary>
    Batch = 3,

    /// <summary>SCHED_IDLE: runs only when nothing else wants the CPU.</summary>
    Idle = 5,

    /// <summary>SCHED_DEADLINE: earliest deadline first (Linux 3.14).</summary>
    Deadline = 6,

    /// <summary>SCHED_EXT: a BPF scheduler (Linux 6.12).</summary>
    Ext = 7,
}
