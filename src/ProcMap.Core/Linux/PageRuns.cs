using System;
using System.Collections.Generic;

namespace ProcMap.Linux;

/// <summary>
/// A run of pages: consecutive virtual pages whose pagemap entries continue each other (see
/// <see cref="PagemapEntry.Stride"/>) and, when page flags were read, whose kpageflags and kpagecount are equal.
/// </summary>
/// <param name="VirtualStart">First virtual address.</param>
/// <param name="PageCount">Number of pages.</param>
/// <param name="Entry">The pagemap entry of the first page.</param>
/// <param name="HasPageInfo">True when PageFlags and MapCount were read for these frames.</param>
/// <param name="PageFlags">kpageflags of every page of the run.</param>
/// <param name="MapCount">kpagecount of every page of the run.</param>
internal readonly record struct PageRun(ulong VirtualStart, long PageCount, ulong Entry, bool HasPageInfo, ulong PageFlags, long MapCount);

/// <summary>
/// Coalesces pagemap entries into runs: the pure heart of Get-PhysicalRegion, fed page entries in address
/// order a chunk at a time (or a stretch of identical entries at once, for holes PAGEMAP_SCAN described),
/// and tested on synthetic entries. Completed runs are appended to a caller's list.
/// </summary>
internal sealed class PageRunCoalescer
{
    /// <summary>A kpageflags value that means "no page info for this page" (not present, or frames hidden).</summary>
    public const ulong NoPageInfo = ulong.MaxValue;

    private readonly ulong _pageSize;
    private ulong _next;
    private bool _open;
    private ulong _runStart;
    private long _runPages;
    private ulong _runEntry;
    private bool _runHasInfo;
    private ulong _runFlags;
    private long _runMapCount;
    private ulong _expected;
    private ulong _stride;

    public PageRunCoalescer(ulong pageSize)
    {
        _pageSize = pageSize;
    }

    /// <summary>The virtual address the next page fed belongs to.</summary>
    public ulong NextAddress => _next;

    /// <summary>Starts a new stretch of pages at <paramref name="virtualAddress"/>; call <see cref="Flush"/> first.</summary>
    public void Begin(ulong virtualAddress)
    {
        if (_open)
        {
            throw new InvalidOperationException("Flush the open run before beginning another stretch.");
        }

        _next = virtualAddress;
    }

    /// <summary>
    /// Adds one entry per page. <paramref name="pageFlags"/> and <paramref name="mapCounts"/> are empty, or
    /// as long as <paramref name="entries"/> with <see cref="NoPageInfo"/> where a page has none.
    /// </summary>
    public void Add(ReadOnlySpan<ulong> entries, ReadOnlySpan<ulong> pageFlags, ReadOnlySpan<long> mapCounts, List<PageRun> completed)
    {
        bool withInfo = !pageFlags.IsEmpty;
        int i = 0;
        while (i < entries.Length)
        {
            ulong entry = entries[i];
            bool hasInfo = withInfo && pageFlags[i] != NoPageInfo;
            if (_open && Continues(entry) && hasInfo == _runHasInfo
                && (!hasInfo || (pageFlags[i] == _runFlags && mapCounts[i] == _runMapCount)))
            {
                if (_stride == 0 && !withInfo)
                {
                    // Holes and hidden frames repeat one entry: skip the whole stretch at vector speed.
                    int differs = entries[i..].IndexOfAnyExcept(entry);
                    int same = differs < 0 ? entries.Length - i : differs;
                    Extend(same);
                    i += same;
                    continue;
                }

                Extend(1);
                i++;
                continue;
            }

            Close(completed);
            Open(entry, hasInfo, hasInfo ? pageFlags[i] : 0, hasInfo ? mapCounts[i] : 0);
            i++;
        }
    }

    /// <summary>Adds <paramref name="pageCount"/> pages that all have <paramref name="entry"/> and no page info (a hole).</summary>
    public void AddRepeated(ulong entry, long pageCount, List<PageRun> completed)
    {
        if (pageCount <= 0)
        {
            return;
        }

        if (PagemapEntry.Stride(entry) != 0)
        {
            throw new ArgumentException("Only entries that repeat unchanged (holes, hidden frames) can be added as a stretch.", nameof(entry));
        }

        if (_open && Continues(entry) && !_runHasInfo)
        {
            Extend(pageCount);
            return;
        }

        Close(completed);
        Open(entry, false, 0, 0);
        Extend(pageCount - 1);
    }

    /// <summary>Completes the open run, if any (at the end of a mapping).</summary>
    public void Flush(List<PageRun> completed) => Close(completed);

    /// <summary>Coalesces a whole array of entries starting at <paramref name="virtualStart"/>: for tests and small reads.</summary>
    public static List<PageRun> Coalesce(ulong pageSize, ulong virtualStart, ReadOnlySpan<ulong> entries, ReadOnlySpan<ulong> pageFlags = default, ReadOnlySpan<long> mapCounts = default)
    {
        var coalescer = new PageRunCoalescer(pageSize);
        var runs = new List<PageRun>();
        coalescer.Begin(virtualStart);
        coalescer.Add(entries, pageFlags, mapCounts, runs);
        coalescer.Flush(runs);
        return runs;
    }

    // The next page continues the run when its entry is the expected one AND no carry out of the frame field
    // changed a flag bit (a frame number at the top of its 55 bits).
    private bool Continues(ulong entry) =>
        entry == _expected && ((entry ^ _runEntry) & ~PagemapEntry.FrameMask) == 0;

    private void Open(ulong entry, bool hasInfo, ulong flags, long count)
    {
        _runStart = _next;
        _runPages = 1;
        _runEntry = entry;
        _runHasInfo = hasInfo;
        _runFlags = flags;
        _runMapCount = count;
        _open = true;
        _stride = PagemapEntry.Stride(entry);
        _expected = entry + _stride;
        _next += _pageSize;
    }

    private void Extend(long pages)
    {
        _runPages += pages;
        _expected += _stride * (ulong)pages;
        _next += _pageSize * (ulong)pages;
    }

    private void Close(List<PageRun> completed)
    {
        if (_open)
        {
            completed.Add(new PageRun(_runStart, _runPages, _runEntry, _runHasInfo, _runFlags, _runMapCount));
            _open = false;
        }
    }
}
