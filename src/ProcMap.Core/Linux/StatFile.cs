using System;
using ProcMap.Text;

namespace ProcMap.Linux;

/// <summary>
/// The fields of /proc/PID/stat (and /proc/PID/task/TID/stat) that ProcessInfo needs, as
/// fs/proc/array.c do_task_stat prints them (man proc_pid_stat(5)). Numbers stay in the kernel's units:
/// times in clock ticks, rss in pages; the comm is a range into the text, decoded only if wanted.
/// </summary>
internal struct StatFields
{
    public int ProcessId;
    public int CommStart;
    public int CommLength;
    public byte State;
    public int ParentProcessId;
    public int ProcessGroupId;
    public int SessionId;
    public int TtyNumber;
    public int TerminalProcessGroupId;
    public ulong UserTicks;
    public ulong SystemTicks;
    public long Priority;
    public long Nice;
    public long ThreadCount;
    public ulong StartTicks;
    public ulong VirtualSize;
    public long ResidentPages;
    public int Processor;

    // Fields 40 and 41 (Linux 2.5.19+): the real-time priority (1 to 99, 0 for the other policies) and the
    // policy (SCHED_* of include/uapi/linux/sched.h); -1 when the kernel prints neither.
    public int RealtimePriority;
    public int Policy;

    // Fields 48 and 49, read only when asked for (Get-ProcessArgs); 0 when the kernel hides them.
    public ulong ArgumentStart;
    public ulong ArgumentEnd;
}

/// <summary>Parses one /proc/PID/stat line in place.</summary>
internal static class StatFile
{
    // Fields are numbered as in proc_pid_stat(5): 1 pid, 2 comm, 3 state, then 4 onwards one per space.
    private const int LastFieldNeeded = 41;

    // arg_start and arg_end (Linux 3.5+).
    private const int ArgumentStartField = 48;

    // The fields Store keeps. The others are skipped unread: some are unsigned 64-bit values a long cannot
    // hold (rsslim is RLIM_INFINITY, 18446744073709551615; signal masks can set bit 63).
    private const ulong NeededFields =
        (1UL << 4) | (1UL << 5) | (1UL << 6) | (1UL << 7) | (1UL << 8) | (1UL << 14) | (1UL << 15)
        | (1UL << 18) | (1UL << 19) | (1UL << 20) | (1UL << 22) | (1UL << 23) | (1UL << 24) | (1UL << 39)
        | (1UL << 40) | (1UL << 41);

    /// <summary>
    /// Parses <paramref name="text"/>. The comm (field 2) runs from the first '(' to the LAST ')': it is
    /// the task's name, up to 15 bytes (longer for kernel workers) of anything, spaces and parentheses
    /// included, printed raw. Every later field is a number followed by one space.
    /// </summary>
    /// <remarks>
    /// With <paramref name="argumentArea"/> it also reads the argv area [arg_start, arg_end), fields 48 and
    /// 49. They stay 0 when the kernel does not show them: without ptrace read rights
    /// (PTRACE_MODE_READ_FSCREDS) it prints 0, a kernel thread or a zombie has no mm, and kernels before
    /// 3.5 have no such fields.
    /// </remarks>
    public static bool TryParse(ReadOnlySpan<byte> text, out StatFields fields, bool argumentArea = false)
    {
        fields = default;
        int open = text.IndexOf((byte)'(');
        int close = text.LastIndexOf((byte)')');
        if (open < 2 || close < open || text[open - 1] != (byte)' ')
        {
            return false;
        }

        var head = new ByteCursor(text[..(open - 1)]);
        if (!head.TryReadSignedDecimal(out long pid) || !head.AtEnd || pid < 1 || pid > int.MaxValue)
        {
            return false;
        }

        fields.ProcessId = (int)pid;
        fields.CommStart = open + 1;
        fields.CommLength = close - open - 1;

        var cursor = new ByteCursor(text[(close + 1)..]);
        if (!cursor.Skip((byte)' ') || cursor.AtEnd)
        {
            return false;
        }

        fields.State = cursor.Peek();
        cursor.TryTake(1, out _);
        fields.RealtimePriority = -1;
        fields.Policy = -1;
        for (int field = 4; field <= LastFieldNeeded; field++)
        {
            if (!cursor.Skip((byte)' '))
            {
                // Kernels before 2.5.19 end the line at field 39.
                return field > 39;
            }

            if ((NeededFields & (1UL << field)) == 0)
            {
                if (cursor.TakeUntil((byte)' ').IsEmpty)
                {
                    return false;
                }

                continue;
            }

            if (!cursor.TryReadSignedDecimal(out long value))
            {
                return false;
            }

            Store(ref fields, field, value);
        }

        if (argumentArea)
        {
            ReadArgumentArea(ref cursor, ref fields);
        }

        return true;
    }

    private static void ReadArgumentArea(ref ByteCursor cursor, ref StatFields fields)
    {
        for (int field = LastFieldNeeded + 1; field < ArgumentStartField; field++)
        {
            if (!cursor.Skip((byte)' ') || cursor.TakeUntil((byte)' ').IsEmpty)
            {
                return;
            }
        }

        if (cursor.Skip((byte)' ') && cursor.TryReadDecimal(out ulong start)
            && cursor.Skip((byte)' ') && cursor.TryReadDecimal(out ulong end) && end >= start)
        {
            fields.ArgumentStart = start;
            fields.ArgumentEnd = end;
        }
    }

    /// <summary>The comm bytes of a parsed line.</summary>
    public static ReadOnlySpan<byte> Comm(ReadOnlySpan<byte> text, in StatFields fields) =>
        text.Slice(fields.CommStart, fields.CommLength);

    private static void Store(ref StatFields fields, int field, long value)
    {
        switch (field)
        {
            case 4: fields.ParentProcessId = (int)value; break;
            case 5: fields.ProcessGroupId = (int)value; break;
            case 6: fields.SessionId = (int)value; break;
            case 7: fields.TtyNumber = (int)value; break;
            case 8: fields.TerminalProcessGroupId = (int)value; break;
            case 14: fields.UserTicks = (ulong)value; break;
            case 15: fields.SystemTicks = (ulong)value; break;
            case 18: fields.Priority = value; break;
            case 19: fields.Nice = value; break;
            case 20: fields.ThreadCount = value; break;
            case 22: fields.StartTicks = (ulong)value; break;
            case 23: fields.VirtualSize = (ulong)value; break;
            case 24: fields.ResidentPages = value; break;
            case 39: fields.Processor = (int)value; break;
            case 40: fields.RealtimePriority = (int)value; break;
            case 41: fields.Policy = (int)value; break;
            default: break;
        }
    }
}
