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
}
