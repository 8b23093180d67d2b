using System;
using ProcMap.Text;

namespace ProcMap.Linux;

/// <summary>The lines of /proc/PID/status that stat lacks: the thread group id and the credentials.</summary>
internal struct StatusFields
{
    public int ThreadGroupId;
    public uint RealUserId;
    public uint UserId;
    public uint SavedUserId;
    public uint RealGroupId;
    public uint GroupId;

    /// <summary>VmRSS in KiB; null when the line is absent (kernel threads and zombies have no mm).</summary>
    public ulong? ResidentKilobytes;

    /// <summary>VmLck in KiB (mlock(2)ed memory, ps's STAT L); null when absent.</summary>
    public ulong? LockedKilobytes;

    /// <summary>SigPnd | ShdPnd: the signals pending for the task, its own and its process's shared ones.</summary>
    public ulong? PendingSignals;

    /// <summary>SigBlk: the blocked signals.</summary>
    public ulong? BlockedSignals;

    /// <summary>SigIgn: the ignored signals.</summary>
    public ulong? IgnoredSignals;

    /// <summary>SigCgt: the signals with a handler.</summary>
    public ulong? CaughtSignals;

    /// <summary>The saved set-group-id, the third Gid value.</summary>
    public uint SavedGroupId;

    /// <summary>Groups: the supplementary group ids; null when the line is absent.</summary>
    public uint[]? SupplementaryGroupIds;

    /// <summary>The last NSpid value (Linux 4.1+): the id in the task's own pid namespace; null without the line.</summary>
    public int? NamespacePid;

    /// <summary>voluntary_ctxt_switches and nonvoluntary_ctxt_switches (Linux 2.6.23+).</summary>
    public ulong? VoluntaryContextSwitches;

    public ulong? InvoluntaryContextSwitches;

    /// <summary>Cpus_allowed_list (Linux 2.6.26+) as CPU numbers; null without the line.</summary>
    public int[]? Affinity;
}

/// <summary>
/// Parses /proc/PID/status in place (fs/proc/array.c proc_pid_status, man proc_pid_status(5)). The lines
/// are found by their keys: "Tgid:\t", "Uid:\t" and "Gid:\t" followed by tab-separated real, effective,
/// saved set and filesystem ids, "Groups:\t", "NSpid:\t", "VmRSS:\t" and "VmLck:\t", the signal masks,
/// "Cpus_allowed_list:\t" and the context switch counts. Lines are looked up by key, not position,
/// because the set of lines grows between kernel releases; each search starts where the previous key's
/// line ended (the keys are asked for in the order the kernel prints them), so a parse is one pass.
/// </summary>
internal static class StatusFile
{
    public static bool TryParse(ReadOnlySpan<byte> text, out StatusFields fields)
    {
        fields = default;
        int at = 0;
        if (!TryFindLine(text, "Tgid:\t"u8, ref at, out var tgidLine)
            || !TryFindLine(text, "Uid:\t"u8, ref at, out var uidLine)
            || !TryFindLine(text, "Gid:\t"u8, ref at, out var gidLine))
        {
            return false;
        }

        var tgid = new ByteCursor(tgidLine);
        if (!tgid.TryReadDecimal(out ulong threadGroupId) || threadGroupId > int.MaxValue)
        {
            return false;
        }

        fields.ThreadGroupId = (int)threadGroupId;
        var uids = new ByteCursor(uidLine);
        var gids = new ByteCursor(gidLine);
        if (!TryReadId(ref uids, out fields.RealUserId)
            || !TryReadId(ref uids, out fields.UserId)
            || !TryReadId(ref uids, out fields.SavedUserId)
            || !TryReadId(ref gids, out fields.RealGroupId)
            || !TryReadId(ref gids, out fields.GroupId)
            || !TryReadId(ref gids, out fields.SavedGroupId))
        {
            return false;
        }

        if (TryFindLine(text, "Groups:\t"u8, ref at, out var groupsLine))
        {
            if (!TryReadIds(groupsLine, out fields.SupplementaryGroupIds))
            {
                return false;
            }
        }

        // NSpid lists the id in each pid namespace from the outermost to the task's own (Linux 4.1).
        if (TryFindLine(text, "NSpid:\t"u8, ref at, out var nspidLine))
        {
            var last = nspidLine.TrimEnd((byte)' ');
            int tab = last.LastIndexOf((byte)'\t');
            var cursor = new ByteCursor(tab < 0 ? last : last[(tab + 1)..]);
            if (!cursor.TryReadDecimal(out ulong namespacePid) || namespacePid > int.MaxValue)
            {
                return false;
            }

            fields.NamespacePid = (int)namespacePid;
        }

        // VmRSS is the exact sum of the mm's rss counters (task_mem); stat's rss field reads the per-CPU
        // counters without summing them and lags by up to a few hundred pages. ps shows VmRSS.
        if (!TryReadKilobytes(text, "VmLck:\t"u8, ref at, out fields.LockedKilobytes))
        {
            return false;
        }

        if (TryFindLine(text, "VmRSS:\t"u8, ref at, out var rssLine))
        {
            var rss = new ByteCursor(rssLine);
            rss.SkipBlanks();
            if (!rss.TryReadDecimal(out ulong kilobytes))
            {
                return false;
            }

            fields.ResidentKilobytes = kilobytes;
        }

        if (!TryReadMask(text, "SigPnd:\t"u8, ref at, out ulong? own)
            || !TryReadMask(text, "ShdPnd:\t"u8, ref at, out ulong? shared)
            || !TryReadMask(text, "SigBlk:\t"u8, ref at, out fields.BlockedSignals)
            || !TryReadMask(text, "SigIgn:\t"u8, ref at, out fields.IgnoredSignals)
            || !TryReadMask(text, "SigCgt:\t"u8, ref at, out fields.CaughtSignals))
        {
            return false;
        }

        fields.PendingSignals = own is null && shared is null ? null : (own ?? 0) | (shared ?? 0);
        if (TryFindLine(text, "Cpus_allowed_list:\t"u8, ref at, out var cpusLine))
        {
            if (!CpuList.TryParse(cpusLine, out fields.Affinity))
            {
                return false;
            }
        }

        return TryReadCount(text, "voluntary_ctxt_switches:\t"u8, ref at, out fields.VoluntaryContextSwitches)
            && TryReadCount(text, "nonvoluntary_ctxt_switches:\t"u8, ref at, out fields.InvoluntaryContextSwitches);
    }

    // "voluntary_ctxt_switches:\t123"; absent on old kernels. False only when the line is there but malformed.
    private static bool TryReadCount(ReadOnlySpan<byte> text, ReadOnlySpan<byte> key, ref int at, out ulong? count)
    {
        count = null;
        if (!TryFindLine(text, key, ref at, out var line))
        {
            return true;
        }

        var cursor = new ByteCursor(line);
        if (!cursor.TryReadDecimal(out ulong value))
        {
            return false;
        }

        count = value;
        return true;
    }

    // "Groups:\t4 24 27 " (each id followed by a space), or "Groups:\t" with none.
    private static bool TryReadIds(ReadOnlySpan<byte> line, out uint[]? ids)
    {
        ids = null;
        int count = 0;
        var cursor = new ByteCursor(line);
        while (true)
        {
            cursor.SkipBlanks();
            if (cursor.AtEnd)
            {
                break;
            }

            if (!cursor.TryReadDecimal(out ulong id) || id > uint.MaxValue)
            {
                return false;
            }

            count++;
        }

        ids = count == 0 ? Array.Empty<uint>() : new uint[count];
        cursor = new ByteCursor(line);
        for (int i = 0; i < count; i++)
        {
            cursor.SkipBlanks();
            cursor.TryReadDecimal(out ulong id);
            ids[i] = (uint)id;
        }

        return true;
    }

    // "VmLck:\t     12 kB"; absent for tasks without an mm. False only when the line is there but malformed.
    private static bool TryReadKilobytes(ReadOnlySpan<byte> text, ReadOnlySpan<byte> key, ref int at, out ulong? kilobytes)
    {
        kilobytes = null;
        if (!TryFindLine(text, key, ref at, out var line))
        {
            return true;
        }

        var cursor = new ByteCursor(line);
        cursor.SkipBlanks();
        if (!cursor.TryReadDecimal(out ulong value))
        {
            return false;
        }

        kilobytes = value;
        return true;
    }

    // A signal set as render_sigset_t prints it: hex, most significant first, _NSIG / 4 digits (16 on most
    // architectures, 32 on MIPS with its 128 signals). Signal n is bit n - 1; the low 64 bits are kept.
    private static bool TryReadMask(ReadOnlySpan<byte> text, ReadOnlySpan<byte> key, ref int at, out ulong? mask)
    {
        mask = null;
        if (!TryFindLine(text, key, ref at, out var line))
        {
            return true;
        }

        line = line.TrimEnd((byte)' ');
        if (line.Length > 16)
        {
            line = line[^16..];
        }

        var cursor = new ByteCursor(line);
        if (!cursor.TryReadHex(out ulong value) || !cursor.AtEnd)
        {
            return false;
        }

        mask = value;
        return true;
    }

    /// <summary>
    /// The value part of the line that starts with <paramref name="key"/> (at the start of a line), looked for
    /// from <paramref name="at"/> first and then from the start; <paramref name="at"/> moves past the line found.
    /// </summary>
    private static bool TryFindLine(ReadOnlySpan<byte> text, ReadOnlySpan<byte> key, ref int at, out ReadOnlySpan<byte> value)
    {
        value = default;
        int start = FindLineStart(text, key, at);
        if (start < 0 && at > 0)
        {
            start = FindLineStart(text, key, 0);
        }

        if (start < 0)
        {
            return false;
        }

        var rest = text[(start + key.Length)..];
        int end = rest.IndexOf((byte)'\n');
        value = end < 0 ? rest : rest[..end];
        at = start + key.Length + value.Length;
        return true;
    }

    private static int FindLineStart(ReadOnlySpan<byte> text, ReadOnlySpan<byte> key, int from)
    {
        if (from == 0 && text.StartsWith(key))
        {
            return 0;
        }

        // Search for "\nKey" so "Tgid:" never matches inside "NStgid:" and "Uid:" never inside another key.
        return IndexOfLineStart(text, key, from);
    }

    // The offset of "\nKey" + 1 in text at or after from, or -1 (from is 0 or just past a line's value, so a
    // key found there is preceded by a newline within the searched part).
    private static int IndexOfLineStart(ReadOnlySpan<byte> text, ReadOnlySpan<byte> key, int from)
    {
        int offset = from;
        while (true)
        {
            int index = text[offset..].IndexOf(key);
            if (index < 0)
            {
                return -1;
            }

            int absolute = offset + index;
            if (absolute > 0 && text[absolute - 1] == (byte)'\n')
            {
                return absolute;
            }

            offset = absolute + 1;
        }
    }

    private static bool TryReadId(ref ByteCursor cursor, out uint id)
    {
        id = 0;
        cursor.SkipBlanks();
        if (!cursor.TryReadDecimal(out ulong value) || value > uint.MaxValue)
        {
            return false;
        }

        id = (uint)value;
        return true;
    }
}
