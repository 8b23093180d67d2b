namespace ProcMap.Linux;

/// <summary>
/// The bits of one /proc/PID/pagemap entry, a little-endian u64 per virtual page
/// (Documentation/admin-guide/mm/pagemap.rst; fs/proc/task_mmu.c PM_* definitions).
/// </summary>
internal static class PagemapEntry
{
    /// <summary>Bit 63: the page is present in RAM.</summary>
    public const ulong Present = 1UL << 63;

    /// <summary>Bit 62: the entry is a swap entry (also set for PTE markers such as guard regions).</summary>
    public const ulong Swapped = 1UL << 62;

    /// <summary>Bit 61: page-cache page or shared anonymous memory (PM_FILE).</summary>
    public const ulong FileOrSharedAnon = 1UL << 61;

    /// <summary>Bit 58: guard region marker (PM_GUARD_REGION, Linux 6.15).</summary>
    public const ulong Guard = 1UL << 58;

    /// <summary>Bit 57: userfaultfd write-protected (PM_UFFD_WP, Linux 5.13).</summary>
    public const ulong UffdWp = 1UL << 57;

    /// <summary>Bit 56: mapped by this process only (PM_MMAP_EXCLUSIVE, Linux 4.2).</summary>
    public const ulong Exclusive = 1UL << 56;

    /// <summary>Bit 55: soft-dirty (PM_SOFT_DIRTY, Linux 3.11).</summary>
    public const ulong SoftDirty = 1UL << 55;

    /// <summary>Bits 0-54: the frame number when present, the swap type and offset when swapped.</summary>
    public const ulong FrameMask = (1UL << 55) - 1;

    /// <summary>Bits 0-4 of a swap entry: the swap type (MAX_SWAPFILES_SHIFT).</summary>
    public const int SwapTypeBits = 5;

    /// <summary>The state ProcMap reports for an entry.</summary>
    public static PageState StateOf(ulong entry)
    {
        if ((entry & Present) != 0)
        {
            return PageState.Present;
        }

        // A guard region is a PTE marker, which pte_to_pagemap_entry reports with PM_SWAP; it holds nothing.
        return (entry & (Swapped | Guard)) == Swapped ? PageState.Swapped : PageState.NotPresent;
    }

    /// <summary>
    /// What the next page's entry must be, minus this one, to continue the same run: one more frame when
    /// present, one more swap offset (same type) when swapped, the same entry otherwise. A zero frame field
    /// on a present or swapped page means the kernel hid it (no CAP_SYS_ADMIN): then equal entries coalesce.
    /// </summary>
    public static ulong Stride(ulong entry)
    {
        if ((entry & FrameMask) == 0)
        {
            return 0;
        }

        return StateOf(entry) switch
        {
            PageState.Present => 1,
            PageState.Swapped => 1UL << SwapTypeBits,
            _ => 0,
        };
    }

    /// <summary>True when the entry is present or swapped but the kernel zeroed its frame field.</summary>
    public static bool FrameHidden(ulong entry) =>
        (entry & FrameMask) == 0 && StateOf(entry) != PageState.NotPresent;
}
