using System;

namespace ProcMap.Linux;

/// <summary>What PAGEMAP_SCAN says about a stretch of a mapping.</summary>
internal enum ScanSpanKind
{
    /// <summary>No page table entry: every page has the same pagemap entry (soft-dirty or not), no read needed.</summary>
    Hole,

    /// <summary>Present or swapped pages: read their pagemap entries.</summary>
    Populated,

    /// <summary>The scan did not describe it (a VM_PFNMAP mapping, or above the user address space): read pagemap.</summary>
    Unknown,
}

/// <summary>
/// Feeds a walk over the mappings with what PAGEMAP_SCAN reports, one ioctl per buffer of runs, from the
/// first mapping to the end of the last: the kernel skips unpopulated page tables a level at a time, so a
/// 64 GiB reservation that was never touched costs a few page-table checks, not 16 million entries.
/// </summary>
internal sealed class PagemapScanFeed
{
    private readonly PagemapFile _pagemap;
    private readonly PageRegion[] _regions;
    private readonly ulong[] _mappingEnds;
    private ulong _scanEnd;
    private int _count;
    private int _index;
    private ulong _coveredUntil;

    /// <summary>Creates a feed over the mappings whose ends (ascending) are <paramref name="mappingEnds"/>.</summary>
    public PagemapScanFeed(PagemapFile pagemap, PageRegion[] regions, ulong[] mappingEnds)
    {
        _pagemap = pagemap;
        _regions = regions;
        _mappingEnds = mappingEnds;
        _scanEnd = mappingEnds[^1];
    }

    /// <summary>Set when the first ioctl failed with ENOTTY or EINVAL: the kernel has no (usable) PAGEMAP_SCAN.</summary>
    public int UnsupportedErrno { get; private set; }

    /// <summary>
    /// Describes the stretch from <paramref name="cursor"/> (page aligned, inside a mapping that ends at
    /// <paramref name="mappingEnd"/>): returns where the stretch ends and what it is.
    /// </summary>
    public ulong Next(ulong cursor, ulong mappingEnd, out ScanSpanKind kind, out ulong holeEntry)
    {
        holeEntry = 0;
        while (true)
        {
            if (UnsupportedErrno != 0)
            {
                kind = ScanSpanKind.Unknown;
                return mappingEnd;
            }

            while (_index < _count && _regions[_index].End <= cursor)
            {
                _index++;
            }

            if (_index < _count)
            {
                ref readonly var region = ref _regions[_index];
                if (region.Start > cursor)
                {
                    kind = ScanSpanKind.Unknown;
                    return Math.Min(region.Start, mappingEnd);
                }

                if ((region.Categories & (PagemapScan.PageIsPresent | PagemapScan.PageIsSwapped)) != 0)
                {
                    kind = ScanSpanKind.Populated;
                }
                else
                {
                    // pagemap_pte_hole and pte_to_pagemap_entry give an empty PTE only the VMA's soft-dirty bit.
                    kind = ScanSpanKind.Hole;
                    holeEntry = (region.Categories & PagemapScan.PageIsSoftDirty) != 0 ? PagemapEntry.SoftDirty : 0;
                }

                return Math.Min(region.End, mappingEnd);
            }

            if (_coveredUntil > cursor)
            {
                kind = ScanSpanKind.Unknown;
                return Math.Min(_coveredUntil, mappingEnd);
            }

            Fill(cursor, mappingEnd);
        }
    }

    private void Fill(ulong from, ulong mappingEnd)
    {
        _index = 0;
        _count = 0;
        ulong end = Math.Max(_scanEnd, mappingEnd);
        int n;
        ulong walkEnd;
        while (true)
        {
            n = PagemapScan.Scan(_pagemap.Descriptor, from, end, _regions, out walkEnd);
            if (n != -Interop.LibC.EFAULT)
            {
                break;
            }

            if (end == mappingEnd)
            {
                // access_ok() refuses this mapping itself: it lies above the user address space ([vsyscall]).
                _coveredUntil = mappingEnd;
                return;
            }

            // The batch reaches above the user address space: from now on end batches one mapping earlier,
            // so the refusal costs one extra ioctl per top mapping, not one per call.
            _scanEnd = PreviousEnd(end);
            end = Math.Max(_scanEnd, mappingEnd);
        }

        if (n == -Interop.LibC.ENOTTY || n == -Interop.LibC.EINVAL)
        {
            UnsupportedErrno = -n;
            return;
        }

        if (n < 0)
        {
            throw _pagemap.Failure(-n);
        }

        _count = n;
        // A scan that made no progress (should not happen) hands the mapping to plain reads instead of looping.
        _coveredUntil = walkEnd > from ? walkEnd : mappingEnd;
    }

    private ulong PreviousEnd(ulong end)
    {
        int index = Array.BinarySearch(_mappingEnds, end);
        index = index >= 0 ? index - 1 : ~index - 1;
        return index >= 0 ? _mappingEnds[index] : 0;
    }
}
