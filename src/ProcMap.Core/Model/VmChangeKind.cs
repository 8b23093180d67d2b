namespace ProcMap;

/// <summary>How a region differs between two snapshots of a VM map (Compare-VmMap).</summary>
public enum VmChangeKind
{
    /// <summary>The same range with the same protection and backing, and no resident change of at least -MinimumDelta (only with -IncludeEqual).</summary>
    Equal,

    /// <summary>Only in the difference (later) snapshot: mapped since.</summary>
    Added,

    /// <summary>Only in the reference (earlier) snapshot: unmapped since.</summary>
    Removed,

    /// <summary>The same mapping over a larger range that holds the old one: a heap after brk, a stack that grew down, mremap in place.</summary>
    Grown,

    /// <summary>The same mapping over a smaller range inside the old one: part of it was unmapped.</summary>
    Shrunk,

    /// <summary>Another protection, sharing or backing (path, name, offset, device, inode) at the same place, or the same mapping with another resident size.</summary>
    Changed,
}
