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
}
