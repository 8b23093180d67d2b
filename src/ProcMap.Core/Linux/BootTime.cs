using System;
using ProcMap.Text;

namespace ProcMap.Linux;

/// <summary>
/// When the system booted, from the "btime" line of /proc/stat (seconds since the epoch, man proc_stat(5)).
/// stat's starttime counts clock ticks from boot, so a start time is btime plus starttime / CLK_TCK,
/// the same sum ps makes for lstart.
/// </summary>
internal static class BootTime
{
    /// <summary>Reads btime; null when /proc/stat cannot be read or has no btime line.</summary>
    public static long? Read(ProcFs proc)
    {
        if (!proc.TryReadAll(proc.PathOf("stat"), 0, out var text, out _))
        {
            return null;
        }

        return TryParse(text, out long seconds) ? seconds : null;
    }

    public static bool TryParse(ReadOnlySpan<byte> text, out long seconds)
    {
        seconds = 0;
        ReadOnlySpan<byte> key = "\nbtime "u8;
        int index = text.IndexOf(key);
        if (index < 0)
        {
            return false;
        }

        var cursor = new ByteCursor(text[(index + key.Length)..]);
        if (!cursor.TryReadDecimal(out ulong value) || value > long.MaxValue)
        {
            return false;
        }

        seconds = (long)value;
        return true;
    }
}
