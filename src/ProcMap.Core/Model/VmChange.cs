using System;
using System.Collections.Generic;
using System.Globalization;

namespace ProcMap;

/// <summary>
/// One difference between two snapshots of a process's VM map (Compare-VmMap), as Compare-Object reports
/// one difference per object and VMMap's snapshot diff one per region. Before is the region of the
/// reference snapshot, After the one of the difference snapshot; the side that lacks one has null.
/// </summary>
public sealed class VmChange
{
    /// <summary>What changed.</summary>
    public VmChangeKind Change { get; internal set; }

    /// <summary>The process (that of After, or of Before when the region was removed).</summary>
    public int ProcessId { get; internal set; }

    /// <summary>The first address of the region now (of Before when it was removed).</summary>
    public ulong Start { get; internal set; }

    /// <summary>The address just past the region now (of Before when it was removed).</summary>
    public ulong End { get; internal set; }

    /// <summary>The mapping label (pmap's Mapping column) of the region now, or of Before when it was removed.</summary>
    public string Mapping { get; internal set; } = "";

    /// <summary>The change in size, in bytes: After's size minus Before's (negative when it shrank or went away).</summary>
    public long SizeDelta { get; internal set; }

    /// <summary>The change in resident bytes (smaps Rss); null unless both snapshots are detailed (Get-VmMap -Detailed).</summary>
    public long? RssDelta { get; internal set; }

    /// <summary>The change in proportional set size (smaps Pss); null unless both snapshots are detailed.</summary>
    public long? PssDelta { get; internal set; }

    /// <summary>The change in swapped-out bytes (smaps Swap); null unless both snapshots are detailed.</summary>
    public long? SwapDelta { get; internal set; }

    /// <summary>The region in the reference snapshot; null when it was added.</summary>
    public VmRegion? Before { get; internal set; }

    /// <summary>The region in the difference snapshot; null when it was removed.</summary>
    public VmRegion? After { get; internal set; }

    /// <summary>
    /// The properties that differ between Before and After, as VmRegion names them: Start, End, Permissions,
    /// Path, Name, Deleted, Offset, Device, Inode, Rss, Pss, Swap. Empty for Added, Removed and Equal.
    /// </summary>
    public IReadOnlyList<string> ChangedProperties { get; internal set; } = Array.Empty<string>();

    /// <inheritdoc/>
    public override string ToString() =>
        Change.ToString() + " " + Start.ToString("x", CultureInfo.InvariantCulture) + "-" + End.ToString("x", CultureInfo.InvariantCulture) + " " + Mapping;
}
