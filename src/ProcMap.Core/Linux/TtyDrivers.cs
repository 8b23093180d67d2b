using System;
using ProcMap.Text;

namespace ProcMap.Linux;

/// <summary>
/// /proc/tty/drivers (fs/proc/proc_tty.c show_tty_range): one line per terminal driver, "name /dev/path
/// major minor-range type", with the range as "N" or "first-last". The kernel's own list of which
/// device numbers are terminals, so /dev/null is told apart from /dev/pts/3.
/// </summary>
internal static class TtyDrivers
{
    /// <summary>True when a line of <paramref name="text"/> covers major:minor.</summary>
    public static bool Covers(ReadOnlySpan<byte> text, uint major, uint minor)
    {
        while (!text.IsEmpty)
        {
            int newline = text.IndexOf((byte)'\n');
            var line = newline < 0 ? text : text[..newline];
            text = newline < 0 ? default : text[(newline + 1)..];
            if (TryParseLine(line, out uint lineMajor, out uint first, out uint last)
                && lineMajor == major && minor >= first && minor <= last)
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryParseLine(ReadOnlySpan<byte> line, out uint major, out uint first, out uint last)
    {
        major = first = last = 0;
        var cursor = new ByteCursor(line);
        cursor.TakeUntil((byte)' ');
        cursor.SkipBlanks();
        cursor.TakeUntil((byte)' ');
        cursor.SkipBlanks();
        if (!cursor.TryReadDecimal(out ulong majorValue))
        {
            return false;
        }

        cursor.SkipBlanks();
        if (!cursor.TryReadDecimal(out ulong firstValue))
        {
            return false;
        }

        ulong lastValue = firstValue;
        if (cursor.Skip((byte)'-') && !cursor.TryReadDecimal(out lastValue))
        {
            return false;
        }

        if (majorValue > uint.MaxValue || lastValue > uint.MaxValue)
        {
            return false;
        }

        major = (uint)majorValue;
        first = (uint)firstValue;
        last = (uint)lastValue;
        return true;
    }
}
