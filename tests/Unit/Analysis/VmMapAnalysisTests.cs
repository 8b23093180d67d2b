using System.Collections.Generic;
using System.Linq;
using ProcMap.Analysis;
using Xunit;

namespace ProcMap.Tests.Analysis;

/// <summary>Measure-VmMap's sums and Compare-VmMap's matching on hand-made regions, one rule per test.</summary>
public class VmMapAnalysisTests
{
    private const ulong Page = 4096;

    private static VmRegion Region(ulong start, ulong end, string permissions = "rw-p", string? path = null, VmRegionKind kind = VmRegionKind.Anonymous,
        ulong? rss = null, int processId = 7, ulong offset = 0, bool core = false)
    {
        var protection = (permissions[0] == 'r' ? MemoryProtection.Read : 0) | (permissions[1] == 'w' ? MemoryProtection.Write : 0) | (permissions[2] == 'x' ? MemoryProtection.Execute : 0);
        var region = rss is null ? new VmRegion() : new DetailedVmRegion();
        region.ProcessId = processId;
        region.Start = start;
        region.End = end;
        region.Protection = protection;
        region.Shared = core ? null : permissions[3] == 's';
        region.Path = path;
        region.Kind = path is null ? kind : VmRegionKind.File;
        region.Offset = core && path is null ? null : offset;
        region.Inode = core ? null : path is null ? 0UL : 99UL;
        region.DeviceMajor = core ? null : 254;
        region.DeviceMinor = core ? null : 0;
        region.Dumped = core ? true : null;
        if (region is DetailedVmRegion detailed && rss is ulong r)
        {
            detailed.Smaps.Set(SmapsField.Rss, r, kilobytes: false);
            detailed.Smaps.Set(SmapsField.Pss, r / 2, kilobytes: false);
            detailed.Smaps.Set(SmapsField.PrivateClean, 0, kilobytes: false);
            detailed.Smaps.Set(SmapsField.PrivateDirty, r / 4, kilobytes: false);
            detailed.Smaps.Set(SmapsField.PrivateHugetlb, 0, kilobytes: false);
            detailed.Smaps.Set(SmapsField.Swap, 0, kilobytes: false);
            detailed.Smaps.Set(SmapsField.Locked, 0, kilobytes: false);
        }

        return region;
    }

    private static IReadOnlyList<VmChange> Compare(IReadOnlyList<VmRegion> before, IReadOnlyList<VmRegion> after, VmComparisonOptions? options = null) =>
        VmMapComparison.Compare(before, after, options ?? new VmComparisonOptions());

    [Fact]
    public void Sums_groups_and_a_total_and_leaves_figures_null_unless_every_region_had_them()
    {
        var summary = new VmMapSummary(VmSummaryGrouping.Kind);
        summary.Add(Region(0x1000, 0x3000, rss: 8192));
        summary.Add(Region(0x5000, 0x6000, path: "/lib/a", rss: 4096));
        summary.Add(Region(0x7000, 0x9000, rss: 4096));
        var lines = summary.TakeLines().ToList();

        Assert.Equal(new[] { "Anonymous", "File", "Total" }, lines.Select(l => l.Group));
        Assert.Equal(2, lines[0].Count);
        Assert.Equal(0x4000UL, lines[0].Size);
        Assert.Equal(12288UL, lines[0].Rss);
        Assert.Equal(6144UL, lines[0].Pss);
        Assert.Equal(3072UL, lines[0].Private);
        Assert.Equal(3, lines[2].Count);
        Assert.Equal(16384UL, lines[2].Rss);
        Assert.Empty(summary.TakeLines());

        summary.Add(Region(0x1000, 0x3000, rss: 8192));
        summary.Add(Region(0x5000, 0x6000));
        var mixed = summary.TakeLines().Single(l => l.Group == VmSummary.TotalGroup);
        Assert.Null(mixed.Rss);
        Assert.Equal(0x3000UL, mixed.Size);
    }

    [Fact]
    public void Keeps_processes_apart_in_the_order_they_came()
    {
        var summary = new VmMapSummary(VmSummaryGrouping.Permissions);
        summary.Add(Region(0x1000, 0x2000, processId: 9));
        summary.Add(Region(0x1000, 0x2000, "r--p", processId: 3));
        summary.Add(Region(0x3000, 0x4000, processId: 9));
        var lines = summary.TakeLines().ToList();
        Assert.Equal(new[] { "9 rw-p", "9 Total", "3 r--p", "3 Total" }, lines.Select(l => l.ToString()));
        Assert.Equal(2, lines[0].Count);
    }

    [Fact]
    public void A_heap_that_grows_in_place_is_Grown_and_a_stack_that_grows_down_too()
    {
        var before = new[] { Region(0x10000, 0x20000, kind: VmRegionKind.Heap), Region(0x90000, 0xa0000, kind: VmRegionKind.Stack) };
        var after = new[] { Region(0x10000, 0x28000, kind: VmRegionKind.Heap), Region(0x88000, 0xa0000, kind: VmRegionKind.Stack) };
        var changes = Compare(before, after);

        Assert.Equal(new[] { VmChangeKind.Grown, VmChangeKind.Grown }, changes.Select(c => c.Change));
        Assert.Equal(new[] { 0x8000L, 0x8000L }, changes.Select(c => c.SizeDelta));
        Assert.Equal(new[] { "End" }, changes[0].ChangedProperties);
        Assert.Equal(new[] { "Start" }, changes[1].ChangedProperties);
        Assert.Same(before[0], changes[0].Before);
        Assert.Same(after[0], changes[0].After);
    }

    [Fact]
    public void Another_protection_or_file_at_the_same_place_is_Changed_with_both_sides()
    {
        var before = new[] { Region(0x1000, 0x2000), Region(0x3000, 0x4000, "r--p", "/lib/a") };
        var after = new[] { Region(0x1000, 0x2000, "r--p"), Region(0x3000, 0x4000, "r--p", "/lib/b") };
        var changes = Compare(before, after);

        Assert.All(changes, c => Assert.Equal(VmChangeKind.Changed, c.Change));
        Assert.Equal(new[] { "Permissions" }, changes[0].ChangedProperties);
        Assert.Equal(new[] { "Path" }, changes[1].ChangedProperties);
        Assert.NotNull(changes[1].Before);
        Assert.NotNull(changes[1].After);
    }

    [Fact]
    public void A_split_keeps_the_part_with_the_old_start_and_adds_the_rest_so_size_deltas_add_up()
    {
        var before = new[] { Region(0x10000, 0x40000) };
        var after = new[] { Region(0x10000, 0x20000), Region(0x20000, 0x30000, "r--p"), Region(0x30000, 0x40000) };
        var changes = Compare(before, after);

        Assert.Equal(new[] { VmChangeKind.Shrunk, VmChangeKind.Added, VmChangeKind.Added }, changes.Select(c => c.Change));
        Assert.Equal(0L, changes.Sum(c => c.SizeDelta));
    }

    [Fact]
    public void A_file_mapping_cut_at_the_front_moves_its_offset_and_is_Shrunk()
    {
        var before = new[] { Region(0x10000, 0x20000, "r--p", "/lib/a", offset: 0) };
        var after = new[] { Region(0x14000, 0x20000, "r--p", "/lib/a", offset: 0x4000) };
        var change = Assert.Single(Compare(before, after));
        Assert.Equal(VmChangeKind.Shrunk, change.Change);
        Assert.Equal(new[] { "Start" }, change.ChangedProperties);
    }

    [Fact]
    public void What_a_core_does_not_record_is_no_difference()
    {
        var live = new[] { Region(0x1000, 0x2000, kind: VmRegionKind.Heap), Region(0x3000, 0x4000, "r-xp", "/lib/a") };
        var core = new[] { Region(0x1000, 0x2000, core: true), Region(0x3000, 0x4000, "r-xp", "/lib/a", core: true) };
        Assert.Empty(Compare(live, core));
        Assert.Equal(2, Compare(live, core, new VmComparisonOptions { IncludeEqual = true }).Count(c => c.Change == VmChangeKind.Equal));
    }

    [Fact]
    public void Resident_changes_count_from_the_minimum_delta_on_and_only_when_both_sides_are_detailed()
    {
        var before = new[] { Region(0x1000, 0x9000, rss: 8192) };
        var after = new[] { Region(0x1000, 0x9000, rss: 16384) };
        var change = Assert.Single(Compare(before, after));
        Assert.Equal(VmChangeKind.Changed, change.Change);
        Assert.Equal(8192L, change.RssDelta);
        Assert.Equal(4096L, change.PssDelta);
        Assert.Equal(new[] { "Rss", "Pss" }, change.ChangedProperties);
        Assert.Empty(Compare(before, after, new VmComparisonOptions { MinimumDelta = 16384 }));
        Assert.Empty(Compare(new[] { Region(0x1000, 0x9000) }, after));

        var added = Assert.Single(Compare(before, new[] { before[0], Region(0xa000, 0xb000, rss: 4096) }));
        Assert.Equal(4096L, added.RssDelta);
    }

    [Fact]
    public void Regions_of_different_processes_are_an_InvalidArgument_unless_asked_for()
    {
        var error = Assert.Throws<ProcMapArgumentException>(() => Compare(new[] { Region(0x1000, 0x2000, processId: 1) }, new[] { Region(0x1000, 0x2000, processId: 2) }));
        Assert.Equal(ErrorIds.RegionsOfDifferentProcesses, error.ErrorId);
        Assert.Equal(ProcMapErrorCategory.InvalidArgument, error.Category);

        var change = Assert.Single(Compare(new[] { Region(0x1000, 0x2000, processId: 1) }, new[] { Region(0x1000, 0x3000, processId: 2) }, new VmComparisonOptions { IgnoreProcessId = true }));
        Assert.Equal(VmChangeKind.Grown, change.Change);
        Assert.Equal(2, change.ProcessId);
    }
}
