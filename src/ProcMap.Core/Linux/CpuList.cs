using System;
using System.Collections.Generic;
using ProcMap.Text;

namespace ProcMap.Linux;

/// <summary>
/// A CPU list as the kernel prints it with "%*pbl" (lib/vsprintf.c bitmap_list_string, the
/// Cpus_allowed_list line of /proc/PID/status): comma-separated CPU numbers and ranges, "0-3,8,10-11".
/// </summary>
internal static class CpuList
{
    private const ulong MaxCpus = 1 << 16;

    /// <summary>The CPU numbers in ascending order; false when the text is not such a list.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out int[]? cpus)
    {
        cpus = null;
        var list = new List<int>(8);
        var cursor = new ByteCursor(text.Trim((byte)' '));
        while (!cursor.AtEnd)
        {
            if (!cursor.TryReadDecimal(out ulong first) || first > int.MaxValue)
            {
                return false;
            }

            ulong last = first;
            // No kernel has more than NR_CPUS = 8192 (x86 MAXSMP); a wider range is not a CPU list.
            if (cursor.Skip((byte)'-') && (!cursor.TryReadDecimal(out last) || last < first || last - first >= MaxCpus))
            {
                return false;
            }

            for (ulong cpu = first; cpu <= last; cpu++)
            {
                list.Add((int)cpu);
            }

            // A ',' separates two entries: one that ends the text is not the kernel's format.
            if (!cursor.AtEnd && (!cursor.Skip((byte)',') || cursor.AtEnd))
            {
                return false;
            }
        }

        cpus = list.ToArray();
        return true;
    }
}
