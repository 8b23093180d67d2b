using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using ProcMap.Linux;
using Xunit;

namespace ProcMap.Tests.Linux;

/// <summary>
/// The kernel interfaces themselves on the running kernel (6.7+ for PAGEMAP_SCAN), on memory this test
/// process maps and touches: the ioctl's ABI, and both read paths against an independent read of pagemap.
/// </summary>
public sealed class PagemapLiveTests : IDisposable
{
    private const int Pages = 96;
    private readonly ulong _page = (ulong)Environment.SystemPageSize;
    private readonly IntPtr _memory;

    public PagemapLiveTests()
    {
        // mmap through NativeMemory would share a heap; a private anonymous mapping of our own is exact.
        _memory = Mmap(IntPtr.Zero, (nuint)((ulong)Pages * _page), 3 /* PROT_READ|PROT_WRITE */, 0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */, -1, 0);
        Assert.NotEqual(new IntPtr(-1), _memory);
        for (int i = 0; i < Pages; i++)
        {
            if (i % 3 != 2)
            {
                Marshal.WriteByte(_memory, (int)((ulong)i * _page), 1);
            }
        }
    }

    public void Dispose() => Assert.Equal(0, Munmap(_memory, (nuint)((ulong)Pages * _page)));

    private ulong Start => (ulong)_memory.ToInt64();

    private ulong End => Start + (Pages * _page);

    [Fact]
    public void The_scan_argument_matches_the_kernel_abi()
    {
        // Checked against a C probe on this kernel: sizeof(struct pm_scan_arg) 96, sizeof(struct page_region) 24,
        // PAGEMAP_SCAN = _IOWR('f', 16, struct pm_scan_arg) = 0xc0606610 on x86-64.
        Assert.Equal(96, Marshal.SizeOf<PmScanArg>());
        Assert.Equal(24, Marshal.SizeOf<PageRegion>());
        Assert.Equal(32, (int)Marshal.OffsetOf<PmScanArg>(nameof(PmScanArg.WalkEnd)));
        Assert.Equal(88, (int)Marshal.OffsetOf<PmScanArg>(nameof(PmScanArg.ReturnMask)));
        Assert.Equal((nuint)0xc0606610u, PagemapScan.Request);
    }

    [Fact]
    public void The_scan_finds_the_touched_pages_and_the_holes_between_them()
    {
        using var pagemap = PagemapFile.Open(new ProcFs(), Environment.ProcessId, _page);
        var regions = new PageRegion[256];
        int n = PagemapScan.Scan(pagemap.Descriptor, Start, End, regions, out ulong walkEnd);

        Assert.Equal(End, walkEnd);
        Assert.Equal(Pages / 3 * 2, n);
        for (int i = 0; i < n; i++)
        {
            bool present = (regions[i].Categories & PagemapScan.PageIsPresent) != 0;
            ulong pages = (regions[i].End - regions[i].Start) / _page;
            Assert.Equal(present ? 2UL : 1UL, pages);
            Assert.Equal(i % 2 == 0, present);
        }
    }

    [Fact]
    public void Both_read_paths_agree_with_an_independent_read_of_pagemap()
    {
        var scan = Regions(disableScan: false);
        var plain = Regions(disableScan: true);
        var raw = RawEntries();

        Assert.Equal(scan.Select(r => r.ToString()), plain.Select(r => r.ToString()));
        Assert.Equal(Pages, scan.Sum(r => r.PageCount));
        bool framesShown = raw.Any(e => (e & PagemapEntry.FrameMask) != 0);
        foreach (var region in scan)
        {
            Assert.Equal(VmRegionKind.Anonymous, region.Kind);
            for (long k = 0; k < region.PageCount; k++)
            {
                ulong entry = raw[(int)((region.VirtualStart - Start) / _page + (ulong)k)];
                Assert.Equal(PagemapEntry.StateOf(entry), region.State);
                Assert.Equal((entry & PagemapEntry.Exclusive) != 0, region.Exclusive);
                Assert.Equal((entry & PagemapEntry.SoftDirty) != 0, region.SoftDirty);
                if (region.State == PageState.Present && framesShown)
                {
                    Assert.Equal((entry & PagemapEntry.FrameMask) * _page, region.PhysicalStart!.Value + ((ulong)k * _page));
                }
            }
        }

        Assert.Equal(Pages / 3 * 2, scan.Where(r => r.State == PageState.Present).Sum(r => r.PageCount));
    }

    [Fact]
    public void The_whole_process_reads_the_same_on_both_paths_where_it_is_quiet()
    {
        // This test's own mapping is quiet; reading it in one call per path through LinuxLiveSource with a
        // range proves the source wiring, the disable switch and the scan feed over several stretches.
        var options = new PhysicalRegionOptions();
        var scan = new LinuxLiveSource(ProcFs.DefaultRoot, disablePagemapScan: false).ReadPhysicalRegions(Environment.ProcessId, Start + _page, End - _page, options, CancellationToken.None).ToList();
        var plain = new LinuxLiveSource(ProcFs.DefaultRoot, disablePagemapScan: true).ReadPhysicalRegions(Environment.ProcessId, Start + _page, End - _page, options, CancellationToken.None).ToList();

        Assert.Equal(scan.Select(r => r.ToString()), plain.Select(r => r.ToString()));
        Assert.Equal(Start + _page, scan[0].VirtualStart);
        Assert.Equal(End - _page, scan[^1].VirtualEnd);
    }

    private System.Collections.Generic.List<PhysicalRegion> Regions(bool disableScan) =>
        new LinuxLiveSource(ProcFs.DefaultRoot, disableScan).ReadPhysicalRegions(Environment.ProcessId, Start, End, new PhysicalRegionOptions(), CancellationToken.None).ToList();

    private ulong[] RawEntries()
    {
        using var stream = new FileStream("/proc/self/pagemap", FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        stream.Position = (long)(Start / _page * 8);
        var bytes = new byte[Pages * 8];
        stream.ReadExactly(bytes);
        return MemoryMarshal.Cast<byte, ulong>(bytes).ToArray();
    }

    [DllImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static extern IntPtr Mmap(IntPtr address, nuint length, int protection, int flags, int fd, long offset);

    [DllImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static extern int Munmap(IntPtr address, nuint length);
}
