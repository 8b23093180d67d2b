using System;
using System.Linq;
using System.Threading;
using ProcMap.Linux;
using Xunit;

namespace ProcMap.Tests.Linux;

public class VmRegionFilterTests
{
    private static VmRegion[] Read(int pid, bool detailed, VmRegionFilter filter) =>
        new LinuxLiveSource(Fixtures.ProcRoot).ReadVmMap(pid, detailed, filter, CancellationToken.None).ToArray();

    private static VmRegion[] ReadAll(int pid, bool detailed) =>
        new LinuxLiveSource(Fixtures.ProcRoot).ReadVmMap(pid, detailed, CancellationToken.None).ToArray();

    public static TheoryData<int, bool> Files => new()
    {
        { Fixtures.EdgeCasePid, false }, { Fixtures.EdgeCasePid, true },
        { Fixtures.CapturedSleepPid, false }, { Fixtures.CapturedSleepPid, true },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Keeps_exactly_what_filtering_every_region_afterwards_keeps(int pid, bool detailed)
    {
        var filters = new[]
        {
            new VmRegionFilter(path => path.Contains("libc", StringComparison.Ordinal), false, null),
            new VmRegionFilter(null, true, null),
            new VmRegionFilter(null, false, new[] { VmRegionKind.SharedMemory, VmRegionKind.Memfd }),
            new VmRegionFilter(path => path.StartsWith("/usr/", StringComparison.Ordinal), false, new[] { VmRegionKind.File }),
            new VmRegionFilter(path => true, true, new[] { VmRegionKind.File }),
            new VmRegionFilter(null, false, Array.Empty<VmRegionKind>()),
        };
        var all = ReadAll(pid, detailed);
        foreach (var filter in filters)
        {
            var expected = all.Where(filter.Matches).ToArray();
            var kept = Read(pid, detailed, filter);
            Assert.Equal(expected.Select(Describe), kept.Select(Describe));
        }
    }

    [Fact]
    public void Takes_the_path_without_the_deleted_suffix_and_never_matches_a_region_without_a_path()
    {
        var deletedFiles = Read(Fixtures.EdgeCasePid, false, new VmRegionFilter(path => path.EndsWith("break", StringComparison.Ordinal), true, null));
        Assert.Equal(new[] { "/tmp/line\nbreak" }, deletedFiles.Select(r => r.Path));

        Assert.Empty(Read(Fixtures.EdgeCasePid, false, new VmRegionFilter(path => true, false, new[] { VmRegionKind.Anonymous, VmRegionKind.Vsyscall })));
        Assert.Equal(4, Read(Fixtures.EdgeCasePid, false, new VmRegionFilter(null, true, null)).Length);
    }

    [Fact]
    public void Keeps_the_smaps_figures_of_a_kept_record_and_reads_none_of_the_others()
    {
        var all = ReadAll(Fixtures.CapturedSleepPid, true).Cast<DetailedVmRegion>().ToArray();
        var kept = Read(Fixtures.CapturedSleepPid, true, new VmRegionFilter(null, false, new[] { VmRegionKind.Stack })).Cast<DetailedVmRegion>().ToArray();

        var stack = Assert.Single(kept);
        var expected = all.Single(r => r.Kind == VmRegionKind.Stack);
        Assert.Equal(expected.Start, stack.Start);
        Assert.Equal(expected.Rss, stack.Rss);
        Assert.Equal(expected.Pss, stack.Pss);
        Assert.Equal(expected.Swap, stack.Swap);
        Assert.True(stack.Rss > 0);
    }

    // Every public fact of a region, smaps figures included, as one comparable line.
    private static string Describe(VmRegion r) =>
        r is DetailedVmRegion d
            ? $"{r} {r.Kind} {r.Deleted} {d.Rss} {d.Pss} {d.Swap} {d.PrivateDirty}"
            : $"{r} {r.Kind} {r.Deleted}";
}
