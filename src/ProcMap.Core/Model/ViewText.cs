using System;
using System.Globalization;

namespace ProcMap;

/// <summary>
/// The text of the format views' computed columns (ProcMap.Format.ps1xml) and of progress records, in
/// one place: objects keep numbers, and only these turn them into kilobytes, ps's TIME and the like. The
/// views give each column a fixed width, and what these return fits it, so no value is ever cut.
/// </summary>
public static class ViewText
{
    // Binary unit letters from KiB up; Kilobytes uses them from M on.
    private const string UnitLetters = "KMGTPE";

    /// <summary>
    /// <paramref name="bytes"/> in KiB, as pmap and ps print them, when that fits in <paramref name="width"/>
    /// characters; otherwise in the first larger unit that fits, with its letter (M, G, T, P, E), the way
    /// top scales a column that would overflow. Null for null.
    /// </summary>
    public static string? Kilobytes(ulong? bytes, int width)
    {
        if (bytes is not ulong value)
        {
            return null;
        }

        ulong kib = value >> 10;
        string text = kib.ToString(CultureInfo.InvariantCulture);
        for (int unit = 1; text.Length > width && unit < UnitLetters.Length; unit++)
        {
            text = (kib >> (10 * unit)).ToString(CultureInfo.InvariantCulture) + UnitLetters[unit];
        }

        return text;
    }

    /// <summary>A size for people, in binary units: "512 B", "4.0 KiB", "812 MiB", "1.5 GiB".</summary>
    public static string Size(ulong bytes)
    {
        if (bytes < 1024)
        {
            return bytes.ToString(CultureInfo.InvariantCulture) + " B";
        }

        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UnitLetters.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        string number = value.ToString(value >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture);
        return number + " " + UnitLetters[unit] + "iB";
    }

    /// <summary>
    /// ps's TIME of user plus system CPU time: HH:MM:SS below a day, D-HH:MM from one day on. Null when
    /// either is unknown.
    /// </summary>
    public static string? CpuTime(TimeSpan? user, TimeSpan? system)
    {
        if (user is not TimeSpan u || system is not TimeSpan s)
        {
            return null;
        }

        var time = u + s;
        return time.Days > 0
            ? time.Days.ToString(CultureInfo.InvariantCulture) + "-" + time.ToString(@"hh\:mm", CultureInfo.InvariantCulture)
            : time.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>A start time to the minute, sortable and the same in every culture: 2026-11-26 12:34.</summary>
    public static string? StartTime(DateTime? start) =>
        start?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// ps's USER column: the name when it fits in <paramref name="width"/>, else its first width - 1
    /// characters and a '+' (procps prints systemd-timesync as "systemd+"); the number when there is no
    /// name. PowerShell passes a null string as "", so "" counts as no name too.
    /// </summary>
    public static string? User(string? name, uint? id, int width)
    {
        if (string.IsNullOrEmpty(name))
        {
            return id?.ToString(CultureInfo.InvariantCulture);
        }

        return name.Length <= width ? name : string.Concat(name.AsSpan(0, width - 1), "+");
    }

    /// <summary>ps's TTY column: the terminal's name, else its device number, else '?' for none ("" counts as no name).</summary>
    public static string Tty(string? name, ulong? device) =>
        !string.IsNullOrEmpty(name) ? name : device?.ToString(CultureInfo.InvariantCulture) ?? "?";

    /// <summary>
    /// The pagemap bits of a run as five letters, '-' where clear: s soft-dirty, x exclusive, w
    /// userfaultfd write-protected, g guard, f file page or shared anonymous memory.
    /// </summary>
    public static string PagemapBits(bool softDirty, bool exclusive, bool uffdWp, bool guard, bool fileOrSharedAnon) =>
        new(new[]
        {
            softDirty ? 's' : '-',
            exclusive ? 'x' : '-',
            uffdWp ? 'w' : '-',
            guard ? 'g' : '-',
            fileOrSharedAnon ? 'f' : '-',
        });

    /// <summary>
    /// procstat -v's FLAG column from kve_flags: C copy-on-write, N needs copy, S superpages, U or D grows
    /// up or down, W user wired; '-' where clear. Null for null (a Linux region).
    /// </summary>
    public static string? FreeBsdFlags(VmEntryAttributes? flags)
    {
        if (flags is not VmEntryAttributes f)
        {
            return null;
        }

        char grows = f.HasFlag(VmEntryAttributes.GrowsUp) ? 'U' : f.HasFlag(VmEntryAttributes.GrowsDown) ? 'D' : '-';
        return new string(new[]
        {
            f.HasFlag(VmEntryAttributes.CopyOnWrite) ? 'C' : '-',
            f.HasFlag(VmEntryAttributes.NeedsCopy) ? 'N' : '-',
            f.HasFlag(VmEntryAttributes.Superpages) ? 'S' : '-',
            grows,
            f.HasFlag(VmEntryAttributes.UserWired) ? 'W' : '-',
        });
    }

    /// <summary>procstat -v's TP column from kve_type: df, vn, sw, dv, ph, dd, sg, md, gd, -- for none, ?? otherwise. Null for null.</summary>
    public static string? FreeBsdType(VmObjectType? type) => type switch
    {
        null => null,
        VmObjectType.None => "--",
        VmObjectType.Default => "df",
        VmObjectType.Vnode => "vn",
        VmObjectType.Swap => "sw",
        VmObjectType.Device => "dv",
        VmObjectType.Phys => "ph",
        VmObjectType.Dead => "dd",
        VmObjectType.Sg => "sg",
        VmObjectType.MgtDevice => "md",
        VmObjectType.Guard => "gd",
        _ => "??",
    };
}
