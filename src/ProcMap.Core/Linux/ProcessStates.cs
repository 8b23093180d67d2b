namespace ProcMap.Linux;

/// <summary>The state letters of /proc/PID/stat field 3 (fs/proc/array.c task_state_array).</summary>
internal static class ProcessStates
{
    public static ProcessState FromLinux(byte letter) => letter switch
    {
        (byte)'R' => ProcessState.Running,
        (byte)'S' => ProcessState.Sleeping,
        (byte)'D' => ProcessState.DiskSleep,
        (byte)'T' => ProcessState.Stopped,
        (byte)'t' => ProcessState.TracingStop,
        (byte)'Z' => ProcessState.Zombie,

        // 'x' is how 2.6.33 to 3.13 printed EXIT_DEAD.
        (byte)'X' or (byte)'x' => ProcessState.Dead,
        (byte)'I' => ProcessState.Idle,

        // 'P' parked (3.9 to 3.13); 'W' waking (2.6.33 to 3.13) or paging (before 2.6).
        (byte)'P' or (byte)'W' => ProcessState.Parked,
        _ => ProcessState.Unknown,
    };
}
