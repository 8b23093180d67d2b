using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace ProcMap.Analysis;

/// <summary>
/// Sums regions into <see cref="VmSummary"/> lines (Measure-VmMap): per process, one line per group and a
/// Total line, like VMMap's summary table and pmap -x's total. Regions are added one at a time as they
/// stream in, from any source and any number of processes; the lines come per process in the order the
/// processes first appeared, groups by kind in VmRegionKind order and other groups in address order (the
/// order they first appeared), then Total.
/// </summary>
public sealed class VmMapSummary
{
    private static readonly string[] KindNames = Enum.GetNames<VmRegionKind>();

    private readonly VmSummaryGrouping _grouping;
    private readonly Dictionary<int, ProcessTotals> _processes = new();
    private readonly List<ProcessTotals> _order = new();
    private ProcessTotals? _last;

    /// <summary>Creates an empty summary that groups by <paramref name="grouping"/>.</summary>
    public VmMapSummary(VmSummaryGrouping grouping)
    {
        _grouping = grouping;
    }

    /// <summary>Adds one region to its process's group and total.</summary>
    /// <remarks>
    /// Optimized at once rather than tiered: a cmdlet call sums tens of thousands of regions in one go, often
    /// before the tiered JIT (which waits for a quiet 100 ms) has promoted the code.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(VmRegion region)
    {
        ArgumentNullException.ThrowIfNull(region);
        var process = _last is { } last && last.ProcessId == region.ProcessId ? last : Process(region.ProcessId);
        _last = process;
        string group = _grouping switch
        {
            VmSummaryGrouping.Kind => (uint)region.Kind < (uint)KindNames.Length ? KindNames[(int)region.Kind] : region.Kind.ToString(),
            VmSummaryGrouping.Path => region.Path ?? region.Mapping,
            VmSummaryGrouping.Mapping => region.Mapping,
            _ => region.Permissions,
        };
        process.Group(group, (int)region.Kind).Add(region);
        process.Total.Add(region);
    }

    /// <summary>The lines so far, and forgets them: per process its groups, then its Total.</summary>
    public IEnumerable<VmSummary> TakeLines()
    {
        var order = _order.ToArray();
        _order.Clear();
        _processes.Clear();
        _last = null;
        foreach (var process in order)
        {
            if (_grouping == VmSummaryGrouping.Kind)
            {
                process.Groups.Sort((a, b) => a.KindOrder.CompareTo(b.KindOrder));
            }

            foreach (var group in process.Groups)
            {
                yield return group.ToSummary(process.ProcessId);
            }

            yield return process.Total.ToSummary(process.ProcessId);
        }
    }

    private ProcessTotals Process(int processId)
    {
        if (!_processes.TryGetValue(processId, out var process))
        {
            process = new ProcessTotals(processId);
            _processes.Add(processId, process);
            _order.Add(process);
        }

        return process;
    }

    private sealed class ProcessTotals
    {
        private readonly Dictionary<string, Totals> _byName = new(StringComparer.Ordinal);

        public ProcessTotals(int processId)
        {
            ProcessId = processId;
        }

        public int ProcessId { get; }

        public List<Totals> Groups { get; } = new();

        public Totals Total { get; } = new(VmSummary.TotalGroup, int.MaxValue);

        public Totals Group(string name, int kindOrder)
        {
            if (!_byName.TryGetValue(name, out var totals))
            {
                totals = new Totals(name, kindOrder);
                _byName.Add(name, totals);
                Groups.Add(totals);
            }

            return totals;
        }
    }

    /// <summary>The sums of one line. A figure is known only when every region summed had it: a partial sum would be a made-up number.</summary>
    private sealed class Totals
    {
        private readonly Figure _rss = new();
        private readonly Figure _pss = new();
        private readonly Figure _private = new();
        private readonly Figure _swap = new();
        private readonly Figure _locked = new();
        private int _count;
        private ulong _size;

        public Totals(string name, int kindOrder)
        {
            Name = name;
            KindOrder = kindOrder;
        }

        public string Name { get; }

        public int KindOrder { get; }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(VmRegion region)
        {
            _count++;
            _size += region.Size;
            if (region is not DetailedVmRegion detailed)
            {
                return;
            }

            ref readonly var smaps = ref detailed.Smaps;
            _rss.Add(smaps.Get(SmapsField.Rss));
            _pss.Add(smaps.Get(SmapsField.Pss));
            _private.Add(smaps.Private);
            _swap.Add(smaps.Get(SmapsField.Swap));
            _locked.Add(smaps.Get(SmapsField.Locked));
        }

        public VmSummary ToSummary(int processId) => new()
        {
            ProcessId = processId,
            Group = Name,
            Count = _count,
            Size = _size,
            Rss = _rss.Value(_count),
            Pss = _pss.Value(_count),
            Private = _private.Value(_count),
            Swap = _swap.Value(_count),
            Locked = _locked.Value(_count),
        };
    }

    private sealed class Figure
    {
        private ulong _sum;
        private int _known;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(ulong? value)
        {
            if (value is ulong v)
            {
                _sum += v;
                _known++;
            }
        }

        public ulong? Value(int count) => count > 0 && _known == count ? _sum : null;
    }
}
