using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using ProcMap.Linux;
using Xunit;

namespace ProcMap.Tests.Linux;

/// <summary>
/// The whole reader over a hand-made /proc tree: maps, a pagemap with chosen entries (swap, guard,
/// uffd-wp and hidden frames included) and kpageflags/kpagecount. PAGEMAP_SCAN on a regular file fails
/// with ENOTTY, so this also covers the path for kernels without the ioctl.
/// </summary>
public sealed class PhysicalRegionReaderTests : IDisposable
{
    private const ulong Page = 4096;
    private const ulong P = PagemapEntry.Present;
    private const int Pid = 77;
    private const int HiddenPid = 78;
    private const int GonePid = 79;
    private readonly string _root = Directory.CreateTempSubdirectory("procmap-physical-").FullName;

    public PhysicalRegionReaderTests()
    {
        const string maps =
            "00400000-00408000 r-xp 00000000 08:01 42 /usr/bin/demo\n" +
            "00600000-00610000 rw-p 00000000 00:00 0 [heap]\n" +
            "00700000-00704000 rw-s 00000000 00:05 7 /dev/zero (deleted)\n" +
            "00800000-00802000 r-xp 00000000 00:00 0 [vsyscall]\n";
        var entries = new Dictionary<ulong, ulong>();
        ulong file = P | PagemapEntry.FileOrSharedAnon;
        for (ulong i = 0; i < 4; i++)
        {
            entries[0x400000 + i * Page] = file | (100 + i);
        }

        entries[0x600000] = P | PagemapEntry.Exclusive | PagemapEntry.SoftDirty | 200;
        entries[0x601000] = P | PagemapEntry.Exclusive | PagemapEntry.SoftDirty | 201;
        entries[0x602000] = PagemapEntry.Swapped | (10UL << 5) | 1;
        entries[0x603000] = PagemapEntry.Swapped | (11UL << 5) | 1;
        entries[0x604000] = PagemapEntry.Swapped | PagemapEntry.Guard;
        entries[0x605000] = PagemapEntry.Swapped | PagemapEntry.UffdWp | (12UL << 5) | 1;
        entries[0x700000] = file | 300;
        entries[0x701000] = file | 301;
        entries[0x702000] = file | 302;
        entries[0x703000] = file | 310;
        // The pagemap ends before 0x800000, as the kernel's does above the user address space.
        WriteProcess(Pid, maps, entries, 0x7ff000);

        var hidden = entries.ToDictionary(e => e.Key, e => e.Value & ~PagemapEntry.FrameMask);
        WriteProcess(HiddenPid, maps, hidden, 0x7ff000);
        WriteProcess(GonePid, maps, new Dictionary<ulong, ulong>(), 0);

        // kpageflags: LRU|ACTIVE|MMAP for frames 100-101, with REFERENCED for 102-103; count 1, frame 103 twice.
        var flags = new ulong[400];
        var counts = new ulong[400];
        for (int f = 100; f < 104; f++)
        {
            flags[f] = (ulong)(PageFlags.Lru | PageFlags.Active | PageFlags.Mmap) | (f >= 102 ? (ulong)PageFlags.Referenced : 0);
            counts[f] = f == 103 ? 2UL : 1UL;
        }

        WriteWords(Path.Combine(_root, "kpageflags"), flags);
        WriteWords(Path.Combine(_root, "kpagecount"), counts);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void WriteProcess(int pid, string maps, Dictionary<ulong, ulong> entries, ulong pagemapEnd)
    {
        string dir = Path.Combine(_root, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "maps"), maps);
        var words = new ulong[pagemapEnd / Page];
        foreach (var (address, entry) in entries)
        {
            words[address / Page] = entry;
        }

        WriteWords(Path.Combine(dir, "pagemap"), words);
    }

    private static void WriteWords(string path, ulong[] words)
    {
        var bytes = new byte[words.Length * 8];
        Buffer.BlockCopy(words, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(path, bytes);
    }

    private (List<PhysicalRegion> Regions, List<(PhysicalRegionWarning, string)> Warnings, List<string> Verbose) Read(
        int pid, ulong start = 0, ulong end = ulong.MaxValue, bool pageFlags = false, string? root = null)
    {
        var warnings = new List<(PhysicalRegionWarning, string)>();
        var verbose = new List<string>();
        var options = new PhysicalRegionOptions
        {
            IncludePageFlags = pageFlags,
            Warning = (kind, message) => warnings.Add((kind, message)),
            Verbose = verbose.Add,
        };
        var source = new LinuxLiveSource(root ?? _root, disablePagemapScan: false);
        var regions = source.ReadPhysicalRegions(pid, start, end, options, CancellationToken.None).ToList();
        return (regions, warnings, verbose);
    }

    private static string Describe(PhysicalRegion r) =>
        $"{r.VirtualStart:x}-{r.VirtualEnd:x} {r.PageCount} {r.State} {(r.PhysicalStart is ulong p ? p.ToString("x", System.Globalization.CultureInfo.InvariantCulture) : "-")}"
        + (r.SwapType is int t ? $" swap{t}:{r.SwapOffset}" : "")
        + (r.SoftDirty ? " d" : "") + (r.Exclusive ? " x" : "") + (r.UffdWp ? " w" : "") + (r.Guard ? " g" : "") + (r.FileOrSharedAnon ? " f" : "");

    [Fact]
    public void Reads_every_run_of_every_mapping()
    {
        var (regions, warnings, verbose) = Read(Pid);

        Assert.Equal(
            new[]
            {
                "400000-404000 4 Present 64000 f",
                "404000-408000 4 NotPresent -",
                "600000-602000 2 Present c8000 d x",
                "602000-604000 2 Swapped - swap1:10",
                "604000-605000 1 NotPresent - g",
                "605000-606000 1 Swapped - swap1:12 w",
                "606000-610000 10 NotPresent -",
                "700000-703000 3 Present 12c000 f",
                "703000-704000 1 Present 136000 f",
                "800000-802000 2 NotPresent -",
            },
            regions.Select(Describe));
        Assert.Empty(warnings);
        Assert.Contains(verbose, v => v.Contains("no PAGEMAP_SCAN", StringComparison.Ordinal));
        Assert.Equal("/usr/bin/demo", regions[0].Path);
        Assert.Equal("08:01", regions[0].Device);
        Assert.Equal(42UL, regions[0].Inode);
        Assert.Equal(VmRegionKind.Heap, regions[2].Kind);
        Assert.Equal(VmRegionKind.SharedMemory, regions[7].Kind);
        Assert.True(regions[7].Shared);
        Assert.Equal(MemoryProtection.Read | MemoryProtection.Execute, regions[0].Protection);
        Assert.All(regions, r => Assert.Equal(Pid, r.ProcessId));
        Assert.All(regions, r => Assert.Null(r.PageFlags));
    }

    [Fact]
    public void Clips_mappings_to_the_range_and_rounds_it_out_to_pages()
    {
        var (regions, _, _) = Read(Pid, 0x401fff, 0x602001);

        Assert.Equal(
            new[] { "401000-404000 3 Present 65000 f", "404000-408000 4 NotPresent -", "600000-602000 2 Present c8000 d x", "602000-603000 1 Swapped - swap1:10" },
            regions.Select(Describe));
    }

    [Fact]
    public void Ranges_outside_every_mapping_give_nothing()
    {
        Assert.Empty(Read(Pid, 0x408000, 0x600000).Regions);
        Assert.Empty(Read(Pid, 0x900000).Regions);
    }

    [Fact]
    public void An_address_between_mappings_names_the_mappings_below_and_above_it()
    {
        var error = Assert.Throws<AddressNotMappedException>(() =>
            new LinuxLiveSource(_root, false).ReadPhysicalRegionAt(Pid, 0x500000, new PhysicalRegionOptions(), CancellationToken.None));
        Assert.Equal(ErrorIds.AddressNotMapped, error.ErrorId);
        Assert.Equal(ProcMapErrorCategory.ObjectNotFound, error.Category);
        Assert.Equal(0x500000UL, error.Target);
        Assert.Equal(0x400000UL, error.Below?.Start);
        Assert.Equal(0x600000UL, error.Above?.Start);
        Assert.Equal(
            "Address 0x500000 is in no mapping of process 77: it lies between 0x400000-0x408000 r-xp /usr/bin/demo below and 0x600000-0x610000 rw-p [heap] above.",
            error.Message);
    }

    [Fact]
    public void An_address_below_every_mapping_says_none_lies_below()
    {
        var error = Assert.Throws<AddressNotMappedException>(() =>
            new LinuxLiveSource(_root, false).ReadPhysicalRegionAt(Pid, 0x10, new PhysicalRegionOptions(), CancellationToken.None));
        Assert.Null(error.Below);
        Assert.Equal(0x400000UL, error.Above?.Start);
        Assert.EndsWith("the nearest mapping lies above it (0x400000-0x408000 r-xp /usr/bin/demo); none lies below.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x602123UL, "602000-604000 2 Swapped - swap1:10")]
    [InlineData(0x400fffUL, "400000-404000 4 Present 64000 f")]
    [InlineData(0x60ffffUL, "606000-610000 10 NotPresent -")]
    public void An_address_gives_the_whole_run_that_holds_it(ulong address, string expected)
    {
        var run = new LinuxLiveSource(_root, false).ReadPhysicalRegionAt(Pid, address, new PhysicalRegionOptions(), CancellationToken.None);
        Assert.NotNull(run);
        Assert.Equal(expected, Describe(run));
    }

    [Theory]
    [InlineData(0x5000UL, 0x5000UL)]
    [InlineData(0x6000UL, 0x5000UL)]
    [InlineData(ulong.MaxValue, 0UL)]
    public void A_start_not_below_the_end_is_an_invalid_range(ulong start, ulong end)
    {
        var source = new LinuxLiveSource(_root, false);
        var error = Assert.Throws<ProcMapArgumentException>(() => source.ReadPhysicalRegions(Pid, start, end, new PhysicalRegionOptions(), CancellationToken.None));
        Assert.Equal(ErrorIds.InvalidAddressRange, error.ErrorId);
        Assert.Contains("start address must be below the end address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hidden_frames_give_null_addresses_state_runs_and_one_warning()
    {
        var (regions, warnings, _) = Read(HiddenPid);

        Assert.Equal(
            new[]
            {
                "400000-404000 4 Present - f",
                "404000-408000 4 NotPresent -",
                "600000-602000 2 Present - d x",
                "602000-604000 2 Swapped -",
                "604000-605000 1 NotPresent - g",
                "605000-606000 1 Swapped - w",
                "606000-610000 10 NotPresent -",
                "700000-704000 4 Present - f",
                "800000-802000 2 NotPresent -",
            },
            regions.Select(Describe));
        var warning = Assert.Single(warnings);
        Assert.Equal(PhysicalRegionWarning.FramesHidden, warning.Item1);
        Assert.Contains("CAP_SYS_ADMIN", warning.Item2, StringComparison.Ordinal);
        Assert.All(regions, r => Assert.Null(r.SwapOffset));
    }

    [Fact]
    public void Page_flags_and_map_counts_join_the_run_key()
    {
        var (regions, warnings, _) = Read(Pid, 0x400000, 0x408000, pageFlags: true);

        Assert.Empty(warnings);
        Assert.Equal(new long[] { 2, 1, 1, 4 }, regions.Select(r => r.PageCount));
        Assert.Equal(PageFlags.Lru | PageFlags.Active | PageFlags.Mmap, regions[0].PageFlags);
        Assert.Equal(1L, regions[0].MapCount);
        Assert.Equal(PageFlags.Referenced | PageFlags.Lru | PageFlags.Active | PageFlags.Mmap, regions[1].PageFlags);
        Assert.Equal(2L, regions[2].MapCount);
        Assert.Null(regions[3].PageFlags);
        Assert.Null(regions[3].MapCount);
        Assert.Equal("RlAM", PageFlagText.Format(regions[1].PageFlags));
    }

    [Fact]
    public void Unreadable_kpageflags_is_one_warning_not_an_error()
    {
        string bare = Directory.CreateTempSubdirectory("procmap-bare-").FullName;
        try
        {
            CopyDirectory(Path.Combine(_root, "77"), Path.Combine(bare, "77"));
            var (regions, warnings, _) = Read(Pid, pageFlags: true, root: bare);

            Assert.Equal(10, regions.Count);
            Assert.All(regions, r => Assert.Null(r.PageFlags));
            var warning = Assert.Single(warnings);
            Assert.Equal(PhysicalRegionWarning.PageFlagsUnreadable, warning.Item1);
            Assert.Contains("kpageflags", warning.Item2, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(bare, recursive: true);
        }
    }

    [Fact]
    public void Page_flags_with_hidden_frames_warn_about_both_once()
    {
        var (regions, warnings, _) = Read(HiddenPid, pageFlags: true);

        Assert.All(regions, r => Assert.Null(r.PageFlags));
        Assert.Equal(new[] { PhysicalRegionWarning.FramesHidden, PhysicalRegionWarning.PageFlagsUnreadable }, warnings.Select(w => w.Item1));
    }

    [Fact]
    public void A_process_whose_memory_is_gone_is_not_found()
    {
        var source = new LinuxLiveSource(_root, false);
        Assert.Throws<ProcessNotFoundException>(() => source.ReadPhysicalRegions(GonePid, 0, ulong.MaxValue, new PhysicalRegionOptions(), CancellationToken.None).ToList());
        Assert.Throws<ProcessNotFoundException>(() => source.ReadPhysicalRegions(4711, 0, ulong.MaxValue, new PhysicalRegionOptions(), CancellationToken.None));
        Assert.Throws<ProcMapArgumentException>(() => source.ReadPhysicalRegions(0, 0, ulong.MaxValue, new PhysicalRegionOptions(), CancellationToken.None));
    }

    [Fact]
    public void Reports_progress_up_to_the_whole_range_and_stops_when_cancelled()
    {
        var progress = new RecordingProgress();
        var source = new LinuxLiveSource(_root, false) { Progress = progress };
        _ = source.ReadPhysicalRegions(Pid, 0, ulong.MaxValue, new PhysicalRegionOptions(), CancellationToken.None).ToList();
        var seen = progress.Reports;
        Assert.NotEmpty(seen);
        Assert.All(seen, p => Assert.Equal(0x8000UL + 0x10000 + 0x4000 + 0x2000, p.Total));
        Assert.Equal(seen[^1].Total, seen.Max(p => p.Done));
        Assert.True(seen[^1].IsEnd);
        Assert.Contains(seen, p => p.Mapping == "[heap]");

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            new LinuxLiveSource(_root, false).ReadPhysicalRegions(Pid, 0, ulong.MaxValue, new PhysicalRegionOptions(), cancelled.Token).ToList());
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
