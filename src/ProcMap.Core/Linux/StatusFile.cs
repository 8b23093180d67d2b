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
}

/// <summary>
/// Parses /proc/PID/status in place (fs/proc/array.c proc_pid_status, man proc_pid_status(5)). The lines
/// are found by their keys: "Tgid:\t", "Uid:\t" and "Gid:\t" followed by tab-separated real, effective,
/// saved set and filesystem ids, "VmRSS:\t" and "VmLck:\t", and the signal masks. Lines are looked up by
/// key, not position, because the set of lines grows between kernel releases.
/// </summary>
internal static class StatusFile
{
    public static bool TryParse(ReadOnlySpan<byte> text, out StatusFields fields)
    {
        fields = default;
        if (!TryFindLine(text, "Tgid:\t"u8, out var tgidLine)
            || !TryFindLine(text, "Uid:\t"u8, out var uidLine)
            || !TryFindLine(text, "Gid:\t"u8, out var gidLine))
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
            || !TryReadId(ref gids, out fields.GroupId))
        {
            return false;
        }

        // VmRSS is the exact sum of the mm's rss counters (task_mem); stat's rss field reads the per-CPU
        // counters without summing them and lags by up to a few hundred pages. ps shows VmRSS.
        if (TryFindLine(text, "VmRSS:\t"u8, out var rssLine))
        {
            var rss = new ByteCursor(rssLine);
            rss.SkipBlanks();
            if (!rss.TryReadDecimal(out ulong kilobytes))
            {
                return false;
            }

            fields.ResidentKilobytes = kilobytes;
        }

        if (!TryReadKilobytes(text, "VmLck:\t"u8, out fields.LockedKilobytes)
            || !TryReadMask(text, "SigBlk:\t"u8, out fields.BlockedSignals)
            || !TryReadMask(text, "SigIgn:\t"u8, out fields.IgnoredSignals)
            || !TryReadMask(text, "SigCgt:\t"u8, out fields.CaughtSignals)
            || !TryReadMask(text, "SigPnd:\t"u8, out ulong? own)
            || !TryReadMask(text, "ShdPnd:\t"u8, out ulong? shared))
        {
            return false;
        }

        fields.PendingSignals = own is null && shared is null ? null : (own ?? 0) | (shared ?? 0);
        return true;
    }

    // "VmLck:\t     12 kB"; absent for tasks without an mm. False only when the line is there but malformed.
    private static bool TryReadKilobytes(ReadOnlySpan<byte> text, ReadOnlySpan<byte> key, out ulong? kilobytes)
    {
        kilobytes = null;
        if (!TryFindLine(text, key, out var line))
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
    private static bool TryReadMask(ReadOnlySpan<byte> text, ReadOnlySpan<byte> key, out ulong? mask)
    {
        mask = null;
        if (!TryFindLine(text, key, out var line))
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

    /// <summary>The value part of the line that starts with <paramref name="key"/> (at the start of a line).</summary>
    private static bool TryFindLine(ReadOnlySpan<byte> text, ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        value = default;
        int start;
        if (text.StartsWith(key))
        {
            start = 0;
        }
        else
        {
            // Search for "\nKey" so "Tgid:" never matches inside "NStgid:" and "Uid:" never inside another key.
            int index = IndexOfLineStart(text, key);
            if (index < 0)
            {
                return false;
            }

            start = index;
        }

        var rest = text[(start + key.Length)..];
        int end = rest.IndexOf((byte)'\n');
        value = end < 0 ? rest : rest[..end];
        return true;
    }

    private static int IndexOfLineStart(ReadOnlySpan<byte> text, ReadOnlySpan<byte> key)
    {
        int offset = 0;
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
