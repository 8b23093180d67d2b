using System;
using System.Runtime.CompilerServices;
using ProcMap.Text;

namespace ProcMap.Linux;

/// <summary>
/// Parses one line of /proc/PID/maps (also the header line of each smaps record), as
/// fs/proc/task_mmu.c show_map_vma prints it:
/// <c>start-end perms offset major:minor inode</c>, padding, then the name, which runs to the end of
/// the line and may hold spaces (never split it on whitespace).
/// </summary>
internal sealed class MapsLine
{
    private readonly MappingNameCache _names = new();
    private readonly bool _detailed;
    private readonly VmRegionFilter? _filter;

    // The name cache hands back the same string for a run of lines naming one file (a library's four or
    // five mappings), so the path condition is decided once per run.
    private string? _lastPath;
    private bool _lastPathKept;

    /// <summary>
    /// A parser of maps lines, or with <paramref name="detailed"/> of smaps headers (regions are
    /// <see cref="DetailedVmRegion"/>s); with <paramref name="filter"/>, lines it does not keep give no region.
    /// </summary>
    public MapsLine(bool detailed = false, VmRegionFilter? filter = null)
    {
        _detailed = detailed;
        _filter = filter;
    }

    /// <summary>
    /// Parses <paramref name="line"/>; false when it is not in the maps format. True with a null
    /// <paramref name="region"/> when the filter does not keep the line.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryParse(ReadOnlySpan<byte> line, int processId, out VmRegion? region)
    {
        region = null;
        var cursor = new ByteCursor(line);
        if (!cursor.TryReadHex(out ulong start) || !cursor.Skip((byte)'-')
            || !cursor.TryReadHex(out ulong end) || !cursor.Skip((byte)' ')
            || !cursor.TryTake(4, out var perms) || !cursor.Skip((byte)' ')
            || !cursor.TryReadHex(out ulong offset) || !cursor.Skip((byte)' ')
            || !cursor.TryReadHex(out ulong major) || !cursor.Skip((byte)':')
            || !cursor.TryReadHex(out ulong minor)
            || !cursor.Skip((byte)' ') || !cursor.TryReadDecimal(out ulong inode)
            || major > uint.MaxValue || minor > uint.MaxValue || end < start)
        {
            return false;
        }

        var protection = MemoryProtection.None;
        if (perms[0] == (byte)'r')
        {
            protection |= MemoryProtection.Read;
        }

        if (perms[1] == (byte)'w')
        {
            protection |= MemoryProtection.Write;
        }

        if (perms[2] == (byte)'x')
        {
            protection |= MemoryProtection.Execute;
        }

        cursor.SkipBlanks();
        var name = _names.Classify(cursor.Rest);
        if (_filter is not null && !Keeps(name))
        {
            return true;
        }

        region = _detailed ? new DetailedVmRegion() : new VmRegion();
        region.ProcessId = processId;
        region.Start = start;
        region.End = end;
        region.Protection = protection;
        region.Shared = perms[3] == (byte)'s';
        region.Offset = offset;
        region.DeviceMajor = (uint)major;
        region.DeviceMinor = (uint)minor;
        region.Inode = inode;
        region.Path = name.Path;
        region.Kind = name.Kind;
        region.Deleted = name.Deleted;
        region.Name = name.Name;
        return true;
    }

    private bool Keeps(in MappingName name)
    {
        var filter = _filter!;
        if (filter.PathFilter is null || name.Path is null || !ReferenceEquals(name.Path, _lastPath))
        {
            bool kept = filter.Matches(name.Kind, name.Path, name.Deleted);
            _lastPath = name.Path;
            _lastPathKept = kept;
            return kept;
        }

        return _lastPathKept;
    }
}
