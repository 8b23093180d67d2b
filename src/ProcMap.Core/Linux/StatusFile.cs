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
}

/// <summary>
/// Parses /proc/PID/status in place (fs/proc/array.c proc_pid_status, man proc_pid_status(5)). Only four
/// lines are read, found by their keys: "Tgid:\t", "Uid:\t" and "Gid:\t" followed by tab-separated
/// real, effective, saved set and filesystem ids, and "VmRSS:\t". Lines are looked up by key, not
/// position, because the set of lines grows between kernel releases.
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
