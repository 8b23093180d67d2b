namespace ProcMap;

/// <summary>
/// A process's scheduler state: the letter ps prints in STAT (Linux fs/proc/array.c task_state_array;
/// FreeBSD SIDL/SRUN/SSLEEP/SSTOP/SZOMB/SWAIT/SLOCK).
/// </summary>
public enum ProcessState
{
    /// <summary>R: running or runnable (FreeBSD SRUN).</summary>
    Running,

    /// <summary>S: interruptible sleep (FreeBSD SSLEEP).</summary>
    Sleeping,

    /// <summary>D: uninterruptible sleep, usually I/O.</summary>
    DiskSleep,

    /// <summary>T: stopped by a signal (FreeBSD SSTOP).</summary>
    Stopped,

    /// <summary>t: stopped by a debugger.</summary>
    TracingStop,

    /// <summary>Z: exited, not yet reaped by its parent (FreeBSD SZOMB).</summary>
    Zombie,

    /// <summary>X: dead.</summary>
    Dead,

    /// <summary>I: an idle kernel thread.</summary>
    Idle,

    /// <summary>P: parked (Linux 3.9 to 3.13), or W: paging/waking on older kernels.</summary>
    Parked,

    /// <summary>FreeBSD SIDL: being created.</summary>
    Creating,

    /// <summary>FreeBSD SWAIT: waiting for an interrupt.</summary>
    WaitingForInterrupt,

    /// <summary>FreeBSD SLOCK: blocked on a lock.</summary>
    Locked,

    /// <summary>A state letter this version does not know.</summary>
    Unknown,
}
