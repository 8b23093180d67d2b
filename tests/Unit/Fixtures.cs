using System;
using System.IO;

namespace ProcMap.Tests;

/// <summary>Paths of the captured and hand-made /proc trees under Fixtures/.</summary>
internal static class Fixtures
{
    /// <summary>A fake procfs root: Fixtures/proc/PID/{maps,smaps,...}.</summary>
    public static string ProcRoot => Path.Combine(AppContext.BaseDirectory, "Fixtures", "proc");

    /// <summary>Hand-made edge cases: spaces, \012, (deleted), memfd, SYSV, [anon:x], invalid UTF-8, no final newline.</summary>
    public const int EdgeCasePid = 4242;

    /// <summary>A real capture of /usr/bin/sleep's maps and smaps on Debian 12, kernel 6.18.</summary>
    public const int CapturedSleepPid = 4243;

    /// <summary>Lines that are not in the maps format.</summary>
    public const int MalformedPid = 4244;

    /// <summary>Hand-made argv and environment edge cases: a name with parentheses, empty and multi-line arguments, invalid UTF-8, repeated names, an entry without '=', no final NUL.</summary>
    public const int ArgumentsEdgeCasePid = 4250;

    /// <summary>A retitled process whose title ran on into the environment area (cmdline longer than arg_end - arg_start).</summary>
    public const int RetitledPid = 4251;

    /// <summary>A kernel thread: empty cmdline and environ, no argv area in stat.</summary>
    public const int KernelThreadPid = 4252;

    /// <summary>A retitled process whose title has no NUL within the page, with the argv area hidden (no ptrace rights).</summary>
    public const int RetitledWithoutNulPid = 4253;

    /// <summary>A stat line without the "(comm)" field.</summary>
    public const int MalformedStatPid = 4254;
    /// <summary>
    /// A procfs root for the process lister (Get-KvmProcess): /proc/stat, tty/drivers and real captures from
    /// Debian 12, kernel 6.18 (kthreadd; a copy of sleep named "my )app (x)" on pts/0; a zombie; a process
    /// with three named threads), plus hand-made edge cases (a comm with a newline and parentheses, a
    /// process and a thread that vanished after readdir).
    /// </summary>
    public static string ProcessListRoot => Path.Combine(AppContext.BaseDirectory, "Fixtures", "procs");

    /// <summary>Captured: the "my )app (x)" sleeper, session leader on pts/0 (tty_nr 34816) in the foreground.</summary>
    public const int CapturedAppPid = 4951;

    /// <summary>Captured: threads (tests/helpers/threads.c 3), with threads 4949 worker-1 and 4950 worker-2.</summary>
    public const int CapturedThreadsPid = 4945;

    /// <summary>Captured: an unreaped child of tests/helpers/zombie.c.</summary>
    public const int CapturedZombiePid = 4948;

    /// <summary>Hand-made: comm "x) (y\nz)", real uid 65534, effective uid 0, on ttyS0, nice -5, RT priority.</summary>
    public const int HandMadePid = 7001;

    /// <summary>Hand-made: a directory without stat, as /proc/PID looks after its process exited.</summary>
    public const int VanishedPid = 7002;

    /// <summary>
    /// Captured from tests/helpers/memory_subject.c on Debian 12, kernel 6.18: stat, status, smaps and
    /// smaps_rollup read at one moment (two equal reads of the rollup around them). 5102 is the same process
    /// without smaps_rollup, as a kernel before 4.14 shows it.
    /// </summary>
    public static string MemoryRoot => Path.Combine(AppContext.BaseDirectory, "Fixtures", "memory");

    /// <summary>Captured: with smaps_rollup.</summary>
    public const int MemoryWithRollupPid = 5101;

    /// <summary>The same capture without smaps_rollup.</summary>
    public const int MemoryWithoutRollupPid = 5102;
}
