using System;
using System.Collections.Generic;
using System.Threading;

namespace ProcMap.Linux;

/// <summary>
/// Get-PhysicalRegion on live Linux: the mappings from /proc/PID/maps (MapsReader), their page table
/// entries from /proc/PID/pagemap (where PAGEMAP_SCAN finds populated pages, or page by page), optionally
/// the frames' kpageflags and kpagecount, coalesced into runs. One per source, so its buffers live as long
/// as one cmdlet call; never more than one chunk of entries is in memory, whatever the range.
/// </summary>
internal sealed class PhysicalRegionReader
{
    /// <summary>Set to 1 to read pagemap page by page even where the kernel has PAGEMAP_SCAN (tests use it to cover both paths).</summary>
    public const string DisableScanVariable = "PROCMAP_DISABLE_PAGEMAP_SCAN";

    private const int ChunkPages = 8192;
    private const int ScanRegions = 2048;
    private const int FirstBatch = 64;

    private readonly ProcFs _proc;
    private readonly ulong _pageSize;
    private readonly bool _scanDisabled;
    private readonly ulong[] _entries = new ulong[ChunkPages];
    private readonly List<PageRun> _runs = new();
    private ulong[]? _pageFlags;
    private long[]? _mapCounts;
    private PageRegion[]? _regions;
    private bool _scanUnsupported;

    public PhysicalRegionReader(ProcFs proc, ulong pageSize, bool scanDisabled)
    {
        _proc = proc;
        _pageSize = pageSize;
        _scanDisabled = scanDisabled;
    }

    /// <summary>Whether this reader may use PAGEMAP_SCAN: not disabled, and not found missing earlier in this call.</summary>
    public bool UsesScan => !_scanDisabled && !_scanUnsupported;

    /// <summary>
    /// The runs of every mapping within [start, end) (start below end), rounded out to pages. Errors at open
    /// are thrown at the call; a process without an address space has no runs.
    /// </summary>
    public IEnumerable<PhysicalRegion> Read(int processId, ulong start, ulong end, PhysicalRegionOptions options, IProgressSink? progress, CancellationToken cancellationToken)
    {
        start &= ~(_pageSize - 1);
        end = end > ulong.MaxValue - (_pageSize - 1) ? ulong.MaxValue : (end + _pageSize - 1) & ~(_pageSize - 1);

        // Both files are opened here, so a missing or forbidden process fails at the call; the maps are read
        // as the walk goes (see Walk), and the walk owns both files from its first step.
        var maps = MapsReader.Open(_proc, processId);
        PagemapFile? pagemap;
        try
        {
            pagemap = OpenPagemap(processId);
        }
        catch
        {
            maps.Dispose();
            throw;
        }

        if (pagemap is null)
        {
            maps.Dispose();
            return Array.Empty<PhysicalRegion>();
        }

        return Walk(maps, pagemap, start, end, new WalkState(pagemap, options, progress), cancellationToken);
    }

    /// <summary>
    /// The one run that holds <paramref name="address"/>; null when the process has no mappings at all (a
    /// kernel thread, a zombie). Throws <see cref="AddressNotMappedException"/>, naming the nearest mappings
    /// below and above from the same read of maps, when no mapping holds the address.
    /// </summary>
    public PhysicalRegion? ReadAt(int processId, ulong address, PhysicalRegionOptions options, IProgressSink? progress, CancellationToken cancellationToken)
    {
        VmRegion? holder = null;
        VmRegion? below = null;
        VmRegion? above = null;
        foreach (var region in MapsReader.Read(_proc, processId, cancellationToken))
        {
            if (region.Start <= address && address < region.End)
            {
                holder = region;
                break;
            }

            if (region.Start > address)
            {
                above = region;
                break;
            }

            below = region;
        }

        if (holder is null)
        {
            return below is null && above is null ? null : throw new AddressNotMappedException(processId, address, below, above);
        }

        using var pagemap = OpenPagemap(processId);
        if (pagemap is null)
        {
            return null;
        }

        var walk = new WalkState(pagemap, options, progress) { BytesTotal = holder.Size };
        using var kpages = OpenKpageFiles(walk);
        walk.KpageFiles = kpages;
        var mappings = new List<(VmRegion, ulong, ulong)> { (holder, holder.Start, holder.End) };
        foreach (var run in WalkBatch(walk, mappings, cancellationToken))
        {
            if (run.VirtualEnd > address)
            {
                return run;
            }
        }

        return null;
    }

    // Kernel threads and zombies have no mm: the kernel refuses their pagemap with ESRCH although the
    // process is there. They have no mappings either, so there is nothing to walk: no runs, no error, as
    // Get-VmMap gives nothing for them.
    private PagemapFile? OpenPagemap(int processId)
    {
        try
        {
            return PagemapFile.Open(_proc, processId, _pageSize);
        }
        catch (ProcessHasNoAddressSpaceException)
        {
            return null;
        }
    }

    // Walks the mappings of [start, end) as /proc/PID/maps yields them, in two batches: the first
    // FirstBatch mappings, then all the rest. The first regions come out after a few lines of maps, not
    // after all of them (a 60,000-mapping process has 4 MiB of maps text to read and parse), so a pipeline
    // that stops early stops at once; the second batch lets one PAGEMAP_SCAN ioctl span many mappings and
    // makes the total known. When a progress report falls due while the first batch is walked, the rest
    // of maps is read then rather than after it (the same work, done earlier), so the bar has its percent.
    private IEnumerable<PhysicalRegion> Walk(MapsReader.OpenMaps maps, PagemapFile pagemap, ulong start, ulong end, WalkState walk, CancellationToken cancellationToken)
    {
        using (maps)
        using (pagemap)
        {
            using var kpages = OpenKpageFiles(walk);
            walk.KpageFiles = kpages;
            using var regions = maps.Regions(cancellationToken);
            var mappings = new MappingsInRange(regions, start, end);
            var first = new List<(VmRegion Region, ulong Start, ulong End)>();
            var rest = new List<(VmRegion Region, ulong Start, ulong End)>();
            ulong firstSize = mappings.Take(first, FirstBatch);
            if (mappings.AtEnd)
            {
                walk.BytesTotal = firstSize;
            }
            else
            {
                walk.LearnTotal = () => walk.BytesTotal = firstSize + mappings.Take(rest, int.MaxValue);
            }

            foreach (var region in WalkBatch(walk, first, cancellationToken))
            {
                yield return region;
            }

            if (walk.BytesTotal == 0)
            {
                walk.LearnTotal?.Invoke();
            }

            walk.LearnTotal = null;
            foreach (var region in WalkBatch(walk, rest, cancellationToken))
            {
                yield return region;
            }

            walk.End();
        }
    }

    // The runs of the given mappings (clipped), a chunk of pagemap entries at a time.
    private IEnumerable<PhysicalRegion> WalkBatch(WalkState walk, List<(VmRegion Region, ulong Start, ulong End)> mappings, CancellationToken cancellationToken)
    {
        var pagemap = walk.Pagemap;
        var options = walk.Options;
        try
        {
            PagemapScanFeed? feed = null;
            if (mappings.Count > 0)
            {
                if (UsesScan)
                {
                    _regions ??= new PageRegion[ScanRegions];
                    var ends = new ulong[mappings.Count];
                    for (int i = 0; i < ends.Length; i++)
                    {
                        ends[i] = mappings[i].End;
                    }

                    feed = new PagemapScanFeed(pagemap, _regions, ends);
                    walk.Verbose(Messages.ScanUsed(pagemap.Path));
                }
                else if (_scanDisabled)
                {
                    walk.Verbose(Messages.ScanDisabled(pagemap.Path, DisableScanVariable));
                }
            }

            var coalescer = new PageRunCoalescer(_pageSize);
            foreach (var (region, start, end) in mappings)
            {
                cancellationToken.ThrowIfCancellationRequested();
                walk.Mapping = region;
                coalescer.Begin(start);
                ulong cursor = start;
                ulong stretchEnd = start;
                var kind = ScanSpanKind.Unknown;
                ulong holeEntry = 0;
                while (cursor < end)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (cursor >= stretchEnd)
                    {
                        stretchEnd = end;
                        kind = ScanSpanKind.Unknown;
                        if (feed is not null)
                        {
                            stretchEnd = feed.Next(cursor, end, out kind, out holeEntry);
                            if (feed.UnsupportedErrno != 0 && !_scanUnsupported)
                            {
                                _scanUnsupported = true;
                                options.Verbose?.Invoke(Messages.ScanUnsupported(pagemap.Path, Errno.Describe(feed.UnsupportedErrno)));
                            }
                        }
                    }

                    if (kind == ScanSpanKind.Hole)
                    {
                        coalescer.AddRepeated(holeEntry, (long)((stretchEnd - cursor) / _pageSize), _runs);
                        cursor = stretchEnd;
                    }
                    else
                    {
                        cursor = ReadChunk(walk, coalescer, cursor, stretchEnd);
                    }

                    walk.Report(cursor, cursor - start);
                    for (int i = 0; i < _runs.Count; i++)
                    {
                        yield return walk.ToRegion(_runs[i], _pageSize);
                    }

                    _runs.Clear();
                }

                coalescer.Flush(_runs);
                walk.FinishMapping(end - start);
                for (int i = 0; i < _runs.Count; i++)
                {
                    yield return walk.ToRegion(_runs[i], _pageSize);
                }

                _runs.Clear();
            }
        }
        finally
        {
            _runs.Clear();
        }
    }

    private KpageFiles? OpenKpageFiles(WalkState walk)
    {
        if (!walk.Options.IncludePageFlags)
        {
            return null;
        }

        var files = KpageFiles.TryOpen(_proc, out string? reason);
        if (files is null)
        {
            walk.Warn(PhysicalRegionWarning.PageFlagsUnreadable, Messages.PageFlagsUnreadable(reason!));
            return null;
        }

        _pageFlags ??= new ulong[ChunkPages];
        _mapCounts ??= new long[ChunkPages];
        return files;
    }

    // Reads one chunk of pagemap entries from address (at most ChunkPages, never past to) into the
    // coalescer and returns the address after them; the caller hands out the runs that chunk completed,
    // so memory stays one chunk of entries plus one chunk's runs, whatever the range.
    private ulong ReadChunk(WalkState walk, PageRunCoalescer coalescer, ulong address, ulong to)
    {
        int want = (int)Math.Min((ulong)ChunkPages, (to - address) / _pageSize);
        var entries = _entries.AsSpan(0, want);
        int got = walk.Pagemap.Read(address, entries);
        if (got == 0)
        {
            EndOfEntries(walk, coalescer, address, to);
            return to;
        }

        entries = entries[..got];
        if (walk.KpageFiles is not null)
        {
            var flags = _pageFlags.AsSpan(0, got);
            var counts = _mapCounts.AsSpan(0, got);
            walk.KpageFiles.Read(entries, flags, counts);
            coalescer.Add(entries, flags, counts, _runs);
        }
        else
        {
            coalescer.Add(entries, default, default, _runs);
        }

        return address + (ulong)got * _pageSize;
    }

    // pagemap_read() returns nothing for addresses above the task's address space (x86-64 [vsyscall]) and
    // for a process whose memory is gone. Page 0 tells the two apart: it always has an entry while the
    // process lives.
    private void EndOfEntries(WalkState walk, PageRunCoalescer coalescer, ulong address, ulong to)
    {
        Span<ulong> probe = stackalloc ulong[1];
        if (walk.Pagemap.Read(0, probe) == 0)
        {
            throw walk.Pagemap.Failure(Interop.LibC.ESRCH);
        }

        coalescer.AddRepeated(0, (long)((to - address) / _pageSize), _runs);
    }

    /// <summary>Per-process state of one walk: files, warnings already given, progress.</summary>
    private sealed class WalkState
    {
        private readonly IProgressSink? _progress;
        private VmRegion? _mapping;
        private bool _reported;
        private bool _warnedFrames;
        private bool _warnedFlags;
        private bool _saidHow;

        public WalkState(PagemapFile pagemap, PhysicalRegionOptions options, IProgressSink? progress)
        {
            Pagemap = pagemap;
            Options = options;
            _progress = progress;
        }

        public PagemapFile Pagemap { get; }

        public PhysicalRegionOptions Options { get; }

        public KpageFiles? KpageFiles { get; set; }

        /// <summary>The mapping being walked; setting it counts one more mapping begun.</summary>
        public VmRegion? Mapping
        {
            get => _mapping;
            set
            {
                _mapping = value;
                Mappings++;
            }
        }

        /// <summary>Bytes of the mappings in range in all; 0 while maps has not been read to the end.</summary>
        public ulong BytesTotal { get; set; }

        public ulong BytesDone { get; set; }

        /// <summary>The mappings begun so far.</summary>
        public long Mappings { get; private set; }

        /// <summary>Reads the rest of maps and sets <see cref="BytesTotal"/>; null once the total is known or on its way.</summary>
        public Action? LearnTotal { get; set; }

        /// <summary>Tells the sink, when a report is due, where the walk is; the total is learnt first if need be.</summary>
        public void Report(ulong address, ulong doneInMapping)
        {
            if (_progress is null || !_progress.IsDue)
            {
                return;
            }

            if (BytesTotal == 0 && LearnTotal is Action learn)
            {
                LearnTotal = null;
                learn();
            }

            _reported = true;
            _progress.Report(new ReadProgress(Pagemap.ProcessId, BytesDone + doneInMapping, BytesTotal, Mappings, Mapping?.Mapping ?? "", address));
        }

        /// <summary>The report that ends the walk of a process.</summary>
        public void End()
        {
            if (_reported && BytesTotal > 0)
            {
                _progress!.Report(new ReadProgress(Pagemap.ProcessId, BytesTotal, BytesTotal, Mappings, Mapping?.Mapping ?? "", Mapping?.End ?? 0));
            }
        }

        public void FinishMapping(ulong size) => BytesDone += size;

        /// <summary>Says once per walk, for -Verbose, which way pagemap is read (a walk may have several batches).</summary>
        public void Verbose(string message)
        {
            if (!_saidHow)
            {
                _saidHow = true;
                Options.Verbose?.Invoke(message);
            }
        }

        public void Warn(PhysicalRegionWarning kind, string message)
        {
            ref bool warned = ref kind == PhysicalRegionWarning.FramesHidden ? ref _warnedFrames : ref _warnedFlags;
            if (!warned)
            {
                warned = true;
                Options.Warning?.Invoke(kind, message);
            }
        }

        public PhysicalRegion ToRegion(PageRun run, ulong pageSize)
        {
            ulong entry = run.Entry;
            var state = PagemapEntry.StateOf(entry);
            ulong frame = entry & PagemapEntry.FrameMask;
            var region = new PhysicalRegion(Mapping!)
            {
                VirtualStart = run.VirtualStart,
                VirtualEnd = run.VirtualStart + (ulong)run.PageCount * pageSize,
                PageCount = run.PageCount,
                State = state,
                SoftDirty = (entry & PagemapEntry.SoftDirty) != 0,
                Exclusive = (entry & PagemapEntry.Exclusive) != 0,
                UffdWp = (entry & PagemapEntry.UffdWp) != 0,
                Guard = (entry & PagemapEntry.Guard) != 0,
                FileOrSharedAnon = (entry & PagemapEntry.FileOrSharedAnon) != 0,
            };

            if (PagemapEntry.FrameHidden(entry) && state != PageState.NotPresent)
            {
                Warn(PhysicalRegionWarning.FramesHidden, Messages.FramesHidden());
                if (Options.IncludePageFlags)
                {
                    Warn(PhysicalRegionWarning.PageFlagsUnreadable, Messages.PageFlagsUnreadable(Messages.PageFlagsNeedFrames()));
                }
            }
            else if (state == PageState.Present)
            {
                region.PhysicalStart = frame * pageSize;
            }
            else if (state == PageState.Swapped)
            {
                region.SwapType = (int)(frame & ((1UL << PagemapEntry.SwapTypeBits) - 1));
                region.SwapOffset = frame >> PagemapEntry.SwapTypeBits;
            }

            if (run.HasPageInfo)
            {
                region.PageFlags = (PageFlags)run.PageFlags;
                region.MapCount = run.MapCount;
            }

            return region;
        }
    }

    /// <summary>The mappings of maps that overlap [start, end), clipped to it, taken as the walk needs them.</summary>
    private sealed class MappingsInRange
    {
        private readonly IEnumerator<VmRegion> _regions;
        private readonly ulong _start;
        private readonly ulong _end;

        public MappingsInRange(IEnumerator<VmRegion> regions, ulong start, ulong end)
        {
            _regions = regions;
            _start = start;
            _end = end;
        }

        /// <summary>True once maps has been read to the end of the range.</summary>
        public bool AtEnd { get; private set; }

        /// <summary>Adds up to <paramref name="limit"/> mappings to <paramref name="into"/> and returns their clipped size.</summary>
        public ulong Take(List<(VmRegion Region, ulong Start, ulong End)> into, int limit)
        {
            ulong size = 0;
            int taken = 0;
            while (taken < limit && !AtEnd)
            {
                if (!_regions.MoveNext() || _regions.Current.Start >= _end)
                {
                    AtEnd = true;
                    break;
                }

                var region = _regions.Current;
                if (region.End > _start)
                {
                    ulong from = Math.Max(region.Start, _start);
                    ulong to = Math.Min(region.End, _end);
                    into.Add((region, from, to));
                    size += to - from;
                    taken++;
                }
            }

            return size;
        }
    }
}
