namespace ProcMap;

/// <summary>
/// One line of a VM map summary (Measure-VmMap): the regions of one process that fall in one group (a kind,
/// a path, a mapping label or a permission string), summed as Sysinternals VMMap's summary and the total line
/// of pmap -x sum them; Group is "Total" on the line that sums every region of the process. Sizes are bytes.
/// The smaps figures are null when the regions summed had none (a plain Get-VmMap listing, a core file).
/// </summary>
public sealed class VmSummary
{
    /// <summary>The name <see cref="Group"/> has on the line that sums every region of a process.</summary>
    public const string TotalGroup = "Total";

    /// <summary>The process the regions belong to.</summary>
    public int ProcessId { get; internal set; }

    /// <summary>The group: a VmRegionKind name, a path, a mapping label, a permission string, or "Total".</summary>
    public string Group { get; internal set; } = "";

    /// <summary>How many regions the line sums.</summary>
    public int Count { get; internal set; }

    /// <summary>Their address space, in bytes (pmap's Kbytes).</summary>
    public ulong Size { get; internal set; }

    /// <summary>Their resident bytes (smaps Rss); null unless every region had smaps figures.</summary>
    public ulong? Rss { get; internal set; }

    /// <summary>Their proportional set size (smaps Pss).</summary>
    public ulong? Pss { get; internal set; }

    /// <summary>Their private bytes: Private_Clean + Private_Dirty + Private_Hugetlb, so the Total line's Private is the process's Uss.</summary>
    public ulong? Private { get; internal set; }

    /// <summary>Their swapped-out bytes (smaps Swap).</summary>
    public ulong? Swap { get; internal set; }

    /// <summary>Their locked bytes (smaps Locked).</summary>
    public ulong? Locked { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + Group;
}
