using System;
using ProcMap.Text;

namespace ProcMap.Linux;

/// <summary>
/// /proc/PID/stat, for what Get-ProcessArgs needs from it: the command name and the bounds of the argv area.
/// Format: proc_pid_stat(5), fs/proc/array.c do_task_stat. The name runs from the first '(' to the LAST ')'
/// because it may hold spaces and parentheses; it is printed raw (unlike status, which escapes it).
/// </summary>
internal static class StatFile
{
    // Fields 48 and 49 (1-based) are arg_start and arg_end; the first field after the name is 3 (state).
    private const int ArgStartField = 48;
    private const int FirstFieldAfterName = 3;

    /// <summary>
    /// Reads the command name and the argv area [arg_start, arg_end). The area is (0, 0) when the kernel does
    /// not show it: without ptrace read rights (PTRACE_MODE_READ_FSCREDS) it prints 0, a kernel thread or a
    /// zombie has no mm, and kernels before 3.5 have no such fields.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> stat, out ReadOnlySpan<byte> name, out ulong argStart, out ulong argEnd)
    {
        argStart = 0;
        argEnd = 0;
        int open = stat.IndexOf((byte)'(');
        int close = stat.LastIndexOf((byte)')');
        if (open < 0 || close < open)
        {
            name = default;
            return false;
        }

        name = stat[(open + 1)..close];
        var cursor = new ByteCursor(stat[(close + 1)..]);
        for (int field = FirstFieldAfterName; field < ArgStartField; field++)
        {
            if (!cursor.Skip((byte)' '))
            {
                return true;
            }

            cursor.TakeUntil((byte)' ');
        }

        if (cursor.Skip((byte)' ') && cursor.TryReadDecimal(out ulong start) &&
            cursor.Skip((byte)' ') && cursor.TryReadDecimal(out ulong end) && end >= start)
        {
            argStart = start;
            argEnd = end;
        }

        return true;
    }
}
