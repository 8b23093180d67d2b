using System.Globalization;

namespace ProcMap;

/// <summary>
/// One run of pages of one mapping that the kernel backs the same way, as QNX's
/// introspection_get_physical_regions() reports them: consecutive virtual pages in the same state with
/// the same pagemap bits and, when present, consecutive physical frames (when swapped, consecutive swap
/// offsets of one swap device). One mapping may be many regions. Read from /proc/PID/pagemap (and with
/// -PageFlags /proc/kpageflags and /proc/kpagecount). Property names are the public contract (DESIGN.md).
/// </summary>
public sealed class PhysicalRegion
{
    internal PhysicalRegion(VmRegion mapping)
    {
        Region = mapping;
    }

    // The enclosing mapping; its facts are shared by every run of it instead of being copied.
    internal VmRegion Region { get; }

    /// <summary>The process the pages belong to.</summary>
    public int ProcessId => Region.ProcessId;

    /// <summary>First virtual address of the run (page aligned).</summary>
    public ulong VirtualStart { get; internal set; }

    /// <summary>First virtual address past the run (exclusive).</summary>
    public ulong VirtualEnd { get; internal set; }

    /// <summary>Length in bytes.</summary>
    public ulong Size => VirtualEnd - VirtualStart;

    /// <summary>Number of pages in the run.</summary>
    public long PageCount { get; internal set; }

    /// <summary>
    /// Physical address of the first page (frame number times page size); the run covers
    /// [PhysicalStart, PhysicalStart + Size). Null when the pages are not present, or when the kernel
    /// hides frame numbers (readers without CAP_SYS_ADMIN, Linux 4.2+).
    /// </summary>
    public ulong? PhysicalStart { get; internal set; }

    /// <summary>Present, Swapped or NotPresent.</summary>
    public PageState State { get; internal set; }

    /// <summary>pagemap bit 55: written since the soft-dirty bits were last cleared (Documentation/admin-guide/mm/soft-dirty.rst).</summary>
    public bool SoftDirty { get; internal set; }

    /// <summary>pagemap bit 56: the page is mapped by this process only.</summary>
    public bool Exclusive { get; internal set; }

    /// <summary>pagemap bit 57: write-protected through userfaultfd.</summary>
    public bool UffdWp { get; internal set; }

    /// <summary>pagemap bit 58: a guard region installed with MADV_GUARD_INSTALL (Linux 6.15).</summary>
    public bool Guard { get; internal set; }

    /// <summary>pagemap bit 61: a page-cache page or shared anonymous memory, not private anonymous memory.</summary>
    public bool FileOrSharedAnon { get; internal set; }

    /// <summary>Swapped runs: the swap area's index (pagemap bits 0-4); null otherwise or when hidden.</summary>
    public int? SwapType { get; internal set; }

    /// <summary>Swapped runs: the first page's offset in the swap area, in pages (bits 5-54); null otherwise or when hidden.</summary>
    public ulong? SwapOffset { get; internal set; }

    /// <summary>With -PageFlags: the kpageflags of the run's frames (equal for every page of a run); null otherwise.</summary>
    public PageFlags? PageFlags { get; internal set; }

    /// <summary>With -PageFlags: how many times each frame is mapped (kpagecount); null otherwise.</summary>
    public long? MapCount { get; internal set; }

    /// <summary>Protection of the enclosing mapping.</summary>
    public MemoryProtection Protection => Region.Protection;

    /// <summary>True when the enclosing mapping is MAP_SHARED.</summary>
    public bool? Shared => Region.Shared;

    /// <summary>What backs the enclosing mapping.</summary>
    public VmRegionKind Kind => Region.Kind;

    /// <summary>Device of the enclosing mapping's file, as maps prints it.</summary>
    public string? Device => Region.Device;

    /// <summary>Inode of the enclosing mapping's file; 0 for anonymous memory.</summary>
    public ulong? Inode => Region.Inode;

    /// <summary>Path of the enclosing mapping's file; null for anonymous and bracketed mappings.</summary>
    public string? Path => Region.Path;

    /// <summary>The enclosing mapping's pmap label: its path, or a bracketed name such as [heap].</summary>
    public string Mapping => Region.Mapping;

    // PowerShell remoting sends an enum as its name; these numbers keep -band working on what arrives (VmRegion says more).

    /// <summary>Protection of the enclosing mapping as its number (Read 1, Write 2, Execute 4).</summary>
    public int ProtectionValue => Region.ProtectionValue;

    /// <summary>With -PageFlags: PageFlags as its number (bit n is KPF number n); null otherwise.</summary>
    public ulong? PageFlagsValue => (ulong?)PageFlags;

    /// <inheritdoc/>
    public override string ToString() =>
        VirtualStart.ToString("x", CultureInfo.InvariantCulture) + "-" + VirtualEnd.ToString("x", CultureInfo.InvariantCulture)
        + " " + State.ToString()
        + (PhysicalStart is ulong physical ? " 0x" + physical.ToString("x", CultureInfo.InvariantCulture) : "");
}
