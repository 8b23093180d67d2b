using System;
using System.Collections.Generic;
using System.Linq;

namespace ProcMap.Analysis;

/// <summary>What Compare-VmMap reports besides the differences, and how it matches regions.</summary>
public sealed class VmComparisonOptions
{
    /// <summary>Also report regions that did not change (<see cref="VmChangeKind.Equal"/>), as Compare-Object -IncludeEqual.</summary>
    public bool IncludeEqual { get; init; }

    /// <summary>
    /// A region whose range, protection and backing are unchanged counts as Changed only when its Rss, Pss or
    /// Swap moved by at least this many bytes (0: by any amount). Structural changes are always reported.
    /// </summary>
    public ulong MinimumDelta { get; init; }

    /// <summary>Match regions by address alone, whatever process they belong to (comparing two processes on purpose).</summary>
    public bool IgnoreProcessId { get; init; }
}

/// <summary>
/// Compares two snapshots of VM maps region by region (Compare-VmMap). Regions of one process are matched
/// by address: every pair of overlapping regions (one per snapshot) is a candidate, and each region is
/// paired at most once, preferring the same range, then the same start, then the same end, then the
/// larger overlap. A pair with the same protection and backing is Equal (or Changed by its resident
/// figures), Grown when the new range holds the old one and Shrunk when the old range holds the new one;
/// another protection or backing, or a range that moved, is Changed, with both regions. Unpaired regions
/// are Removed or Added. So the SizeDeltas of a comparison add up to the change of the mapped total, and
/// a mapping split in two (mprotect of part of it) shows as the part that kept its start, Shrunk, and
/// the other part, Added, as /proc/PID/maps itself changed. What a snapshot does not know (a core file
/// records no device, inode or sharing, and no heap name) is never a difference.
/// </summary>
public static class VmMapComparison
{
    /// <summary>
    /// The differences between <paramref name="reference"/> and <paramref name="difference"/>, per process
    /// (in the order of first appearance) in address order. Throws <see cref="ProcMapArgumentException"/>
    /// (RegionsOfDifferentProcesses) when the two sides hold regions of different processes, unless
    /// <see cref="VmComparisonOptions.IgnoreProcessId"/> is set.
    /// </summary>
    public static IReadOnlyList<VmChange> Compare(IReadOnlyList<VmRegion> reference, IReadOnlyList<VmRegion> difference, VmComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(difference);
        ArgumentNullException.ThrowIfNull(options);
        var changes = new List<VmChange>();
        if (options.IgnoreProcessId)
        {
            CompareOne(Sorted(reference), Sorted(difference), options, changes);
            return changes;
        }

        var before = ByProcess(reference);
        var after = ByProcess(difference);
        if (before.Count > 0 && after.Count > 0 && !before.Keys.ToHashSet().SetEquals(after.Keys))
        {
            string referenceIds = string.Join(", ", before.Keys);
            string differenceIds = string.Join(", ", after.Keys);
            throw new ProcMapArgumentException(ErrorIds.RegionsOfDifferentProcesses, Messages.RegionsOfDifferentProcesses(referenceIds, differenceIds), referenceIds + " / " + differenceIds);
        }

        foreach (int processId in after.Keys.Concat(before.Keys).Distinct())
        {
            CompareOne(
                before.TryGetValue(processId, out var r) ? Sorted(r) : new List<VmRegion>(),
                after.TryGetValue(processId, out var d) ? Sorted(d) : new List<VmRegion>(),
                options,
                changes);
        }

        return changes;
    }

    private static Dictionary<int, List<VmRegion>> ByProcess(IReadOnlyList<VmRegion> regions)
    {
        // Insertion-ordered enough: Dictionary keeps the order of first addition while nothing is removed.
        var byProcess = new Dictionary<int, List<VmRegion>>();
        foreach (var region in regions)
        {
            if (!byProcess.TryGetValue(region.ProcessId, out var list))
            {
                list = new List<VmRegion>();
                byProcess.Add(region.ProcessId, list);
            }

            list.Add(region);
        }

        return byProcess;
    }

    private static List<VmRegion> Sorted(IReadOnlyList<VmRegion> regions)
    {
        var sorted = new List<VmRegion>(regions);
        for (int i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].Start < sorted[i - 1].Start)
            {
                // Listings come in address order; anything else (Sort-Object on the way) is sorted once here.
                sorted = sorted.OrderBy(region => region.Start).ToList();
                break;
            }
        }

        return sorted;
    }

    private static void CompareOne(List<VmRegion> before, List<VmRegion> after, VmComparisonOptions options, List<VmChange> changes)
    {
        bool detailed = before.Any(r => r.Rss is not null) && after.Any(r => r.Rss is not null);
        var pairs = OverlappingPairs(before, after);
        pairs.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : b.Overlap.CompareTo(a.Overlap));
        var pairedBefore = new int[before.Count];
        var pairedAfter = new int[after.Count];
        Array.Fill(pairedBefore, -1);
        Array.Fill(pairedAfter, -1);
        foreach (var pair in pairs)
        {
            if (pairedBefore[pair.Before] < 0 && pairedAfter[pair.After] < 0)
            {
                pairedBefore[pair.Before] = pair.After;
                pairedAfter[pair.After] = pair.Before;
            }
        }

        var found = new List<VmChange>();
        for (int i = 0; i < before.Count; i++)
        {
            if (pairedBefore[i] < 0)
            {
                found.Add(Unpaired(VmChangeKind.Removed, before[i], detailed));
            }
        }

        for (int j = 0; j < after.Count; j++)
        {
            if (pairedAfter[j] < 0)
            {
                found.Add(Unpaired(VmChangeKind.Added, after[j], detailed));
            }
            else if (Paired(before[pairedAfter[j]], after[j], detailed, options) is VmChange change)
            {
                found.Add(change);
            }
        }

        found.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
        changes.AddRange(found);
    }

    // Regions of one snapshot never overlap each other, so one sweep finds every overlapping pair.
    private static List<Pair> OverlappingPairs(List<VmRegion> before, List<VmRegion> after)
    {
        var pairs = new List<Pair>();
        int i = 0;
        int j = 0;
        while (i < before.Count && j < after.Count)
        {
            var r = before[i];
            var d = after[j];
            if (r.Start < d.End && d.Start < r.End)
            {
                int score = r.Start == d.Start && r.End == d.End ? 3 : r.Start == d.Start ? 2 : r.End == d.End ? 1 : 0;
                pairs.Add(new Pair(i, j, score, Math.Min(r.End, d.End) - Math.Max(r.Start, d.Start)));
            }

            if (r.End <= d.End)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return pairs;
    }

    private static VmChange Unpaired(VmChangeKind kind, VmRegion region, bool detailed)
    {
        long sign = kind == VmChangeKind.Added ? 1 : -1;
        return new VmChange
        {
            Change = kind,
            ProcessId = region.ProcessId,
            Start = region.Start,
            End = region.End,
            Mapping = region.Mapping,
            SizeDelta = sign * (long)region.Size,
            RssDelta = detailed ? sign * (long?)region.Rss : null,
            PssDelta = detailed ? sign * (long?)region.Pss : null,
            SwapDelta = detailed ? sign * (long?)region.Swap : null,
            Before = kind == VmChangeKind.Removed ? region : null,
            After = kind == VmChangeKind.Added ? region : null,
        };
    }

    private static VmChange? Paired(VmRegion before, VmRegion after, bool detailed, VmComparisonOptions options)
    {
        var properties = new List<string>();
        if (after.Start != before.Start)
        {
            properties.Add(nameof(VmRegion.Start));
        }

        if (after.End != before.End)
        {
            properties.Add(nameof(VmRegion.End));
        }

        bool moved = properties.Count > 0;
        int rangeChanges = properties.Count;
        BackingDifferences(before, after, properties);
        bool sameMapping = properties.Count == rangeChanges;
        long? rss = Delta(before.Rss, after.Rss, detailed);
        long? pss = Delta(before.Pss, after.Pss, detailed);
        long? swap = Delta(before.Swap, after.Swap, detailed);
        VmChangeKind kind;
        if (!moved && sameMapping)
        {
            ulong largest = Math.Max(Magnitude(rss), Math.Max(Magnitude(pss), Magnitude(swap)));
            if (largest == 0 || largest < options.MinimumDelta)
            {
                if (!options.IncludeEqual)
                {
                    return null;
                }

                kind = VmChangeKind.Equal;
            }
            else
            {
                kind = VmChangeKind.Changed;
                AddIfMoved(properties, nameof(VmRegion.Rss), rss);
                AddIfMoved(properties, nameof(VmRegion.Pss), pss);
                AddIfMoved(properties, nameof(VmRegion.Swap), swap);
            }
        }
        else if (sameMapping && after.Start <= before.Start && after.End >= before.End)
        {
            kind = VmChangeKind.Grown;
        }
        else if (sameMapping && after.Start >= before.Start && after.End <= before.End)
        {
            kind = VmChangeKind.Shrunk;
        }
        else
        {
            kind = VmChangeKind.Changed;
        }

        return new VmChange
        {
            Change = kind,
            ProcessId = after.ProcessId,
            Start = after.Start,
            End = after.End,
            Mapping = after.Mapping,
            SizeDelta = (long)after.Size - (long)before.Size,
            RssDelta = rss,
            PssDelta = pss,
            SwapDelta = swap,
            Before = before,
            After = after,
            ChangedProperties = kind == VmChangeKind.Equal ? Array.Empty<string>() : properties.ToArray(),
        };
    }

    /// <summary>Adds the names of the protection and backing facts that differ, comparing only what both snapshots know.</summary>
    private static void BackingDifferences(VmRegion before, VmRegion after, List<string> properties)
    {
        if (!before.ProtectionUnknown && !after.ProtectionUnknown
            && (before.Protection != after.Protection || (before.Shared is bool a && after.Shared is bool b && a != b)))
        {
            properties.Add(nameof(VmRegion.Permissions));
        }

        if (!string.Equals(before.Path, after.Path, StringComparison.Ordinal))
        {
            properties.Add(nameof(VmRegion.Path));
        }

        // A core names no heap ([heap] is an anonymous PT_LOAD there), so a name counts only when both have one or neither is a core.
        if (!string.Equals(before.Name, after.Name, StringComparison.Ordinal) && (before.Dumped is null) == (after.Dumped is null))
        {
            properties.Add(nameof(VmRegion.Name));
        }

        if (before.Deleted != after.Deleted)
        {
            properties.Add(nameof(VmRegion.Deleted));
        }

        // A file mapping whose start moved (part of its front unmapped) moves its file offset with it.
        if (before.Offset is ulong oldOffset && after.Offset is ulong newOffset
            && (long)newOffset - (long)oldOffset != (before.Path is null ? 0 : (long)after.Start - (long)before.Start))
        {
            properties.Add(nameof(VmRegion.Offset));
        }

        if (before.DeviceMajor is not null && after.DeviceMajor is not null
            && (before.DeviceMajor != after.DeviceMajor || before.DeviceMinor != after.DeviceMinor))
        {
            properties.Add(nameof(VmRegion.Device));
        }

        if (before.Inode is ulong oldInode && after.Inode is ulong newInode && oldInode != newInode)
        {
            properties.Add(nameof(VmRegion.Inode));
        }
    }

    private static long? Delta(ulong? before, ulong? after, bool detailed) =>
        detailed && before is ulong b && after is ulong a ? (long)a - (long)b : null;

    private static ulong Magnitude(long? delta) => delta is long d ? (ulong)Math.Abs(d) : 0;

    private static void AddIfMoved(List<string> properties, string name, long? delta)
    {
        if (delta is long d && d != 0)
        {
            properties.Add(name);
        }
    }

    private readonly record struct Pair(int Before, int After, int Score, ulong Overlap);
}
