using System;
using System.Collections.Generic;

namespace ProcMap;

/// <summary>
/// Which mappings a Get-VmMap read keeps, decided from a maps line's name column before a region is
/// built, so a scan over every process pays only for the lines that match. The conditions AND together;
/// an unset one keeps everything.
/// </summary>
public sealed class VmRegionFilter
{
    private readonly ulong _kinds;

    /// <summary>
    /// The mappings of unlinked files from the file system, the ones an upgrade leaves behind: Kind File
    /// (so not memfd, SysV or shared anonymous memory, which the kernel names as unlinked shmem files) and
    /// not POSIX shared memory, the tmpfs at /dev/shm that shm_open(3) creates and unlinks in.
    /// </summary>
    public static VmRegionFilter DeletedFiles { get; } = new(
        path => !path.StartsWith("/dev/shm/", StringComparison.Ordinal), deletedOnly: true, new[] { VmRegionKind.File });

    /// <summary>A filter over the mapped path, deletion and kind.</summary>
    /// <param name="pathFilter">Matches VmRegion.Path (the path without " (deleted)"); regions without a path never match. Null: no condition.</param>
    /// <param name="deletedOnly">Keep only regions whose file was unlinked (VmRegion.Deleted).</param>
    /// <param name="kinds">Keep only these kinds. Null: every kind; empty: none.</param>
    public VmRegionFilter(Func<string, bool>? pathFilter, bool deletedOnly, IEnumerable<VmRegionKind>? kinds)
    {
        PathFilter = pathFilter;
        DeletedOnly = deletedOnly;
        if (kinds is null)
        {
            _kinds = ulong.MaxValue;
            return;
        }

        foreach (var kind in kinds)
        {
            _kinds |= Bit(kind);
        }
    }

    /// <summary>The condition on VmRegion.Path; null when there is none.</summary>
    public Func<string, bool>? PathFilter { get; }

    /// <summary>True when only regions of unlinked files are kept.</summary>
    public bool DeletedOnly { get; }

    /// <summary>True when a region of this kind, path and deletion is kept.</summary>
    public bool Matches(VmRegionKind kind, string? path, bool deleted) =>
        (_kinds == ulong.MaxValue || (_kinds & Bit(kind)) != 0)
        && (!DeletedOnly || deleted)
        && (PathFilter is null || (path is not null && PathFilter(path)));

    /// <summary>True when <paramref name="region"/> is kept.</summary>
    public bool Matches(VmRegion region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return Matches(region.Kind, region.Path, region.Deleted);
    }

    // A kind this version does not name (a cast integer) matches no list of kinds.
    private static ulong Bit(VmRegionKind kind) => (uint)kind < 64 ? 1UL << (int)kind : 0;
}
