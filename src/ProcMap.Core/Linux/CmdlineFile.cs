using System;
using ProcMap.Text;

namespace ProcMap.Linux;

/// <summary>
/// /proc/PID/cmdline: the argv area, NUL-separated with a trailing NUL (fs/proc/base.c get_mm_cmdline).
/// World-readable (0444); empty for kernel threads and zombies, which have no mm. No size cap: the whole
/// area is returned however long (ARG_MAX is about 2 MiB by default, more with a raised stack limit).
/// </summary>
internal static class CmdlineFile
{
    /// <summary>
    /// Reads the argument vector. <paramref name="argAreaLength"/> is arg_end - arg_start from stat (0 when the
    /// kernel did not show it); it tells a retitled process apart from one with a single argument.
    /// </summary>
    public static string[] Read(ProcFs proc, int processId, ulong argAreaLength, int maxChars, out bool truncated, out bool retitled)
    {
        int limit = ReadLimit(maxChars);
        var data = proc.ReadAll(proc.PathOf(processId, "cmdline"), processId, limit);
        return Parse(data, data.Length < limit, argAreaLength, maxChars, out truncated, out retitled);
    }

    /// <summary>
    /// How much to read for nchr = <paramref name="maxChars"/>: one byte past the limit shows whether more
    /// follows, and at least a page plus one, because the kernel's setproctitle answer (below) is at most a
    /// page: a longer answer cannot be one, and a shorter one is then read whole.
    /// </summary>
    internal static int ReadLimit(int maxChars) =>
        maxChars <= 0 ? int.MaxValue : (int)Math.Min(int.MaxValue, (long)Math.Max(maxChars, Environment.SystemPageSize) + 1);

    /// <summary>Splits <paramref name="data"/> into arguments; <paramref name="complete"/> is false when only a prefix was read.</summary>
    internal static string[] Parse(ReadOnlySpan<byte> data, bool complete, ulong argAreaLength, int maxChars, out bool truncated, out bool retitled)
    {
        retitled = IsRetitled(data, complete, argAreaLength);
        if (retitled)
        {
            // The kernel's answer is one string: the title up to its first NUL. Never split it on spaces.
            data = NulStrings.ProcessTitle(data, out bool closed);
            complete |= closed;
        }

        var strings = NulStrings.Limit(data, complete, maxChars);
        truncated = strings.Truncated;
        return strings.ToStrings();
    }

    /// <summary>
    /// A process that overwrote its argv area, so that the area's last byte is not a NUL, makes the kernel
    /// answer with the string at arg_start up to its first NUL, at most a page, reaching into the environment
    /// area if the title ran on (get_mm_proctitle, since Linux 5.2). That answer lacks a final NUL only when
    /// no NUL came within the page; otherwise its length differs from arg_end - arg_start, which stat shows
    /// to readers with ptrace rights. A title padded with NULs to the area's end (nginx, PostgreSQL) is not
    /// detectable this way: the kernel returns the whole area, and the padding reads as empty arguments.
    /// </summary>
    private static bool IsRetitled(ReadOnlySpan<byte> data, bool complete, ulong argAreaLength)
    {
        if (data.Length == 0)
        {
            return false;
        }

        if (complete && data[^1] != 0)
        {
            return true;
        }

        return argAreaLength > 0 && (complete ? (ulong)data.Length != argAreaLength : (ulong)data.Length > argAreaLength);
    }
}
