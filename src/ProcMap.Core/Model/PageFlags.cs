using System;

namespace ProcMap;

/// <summary>
/// The flags /proc/kpageflags gives for a physical frame: one bit per KPF_* number of
/// include/uapi/linux/kernel-page-flags.h (Documentation/admin-guide/mm/pagemap.rst). Bits 32 and up
/// are what include/linux/kernel-page-flags.h calls kernel-hacking assistances: the kernel exports
/// them but says they may change, so ProcMap names them and never relies on them.
/// </summary>
[Flags]
#pragma warning disable CA1711 // "Flags" is the name the kernel and the issue give this set.
public enum PageFlags : ulong
#pragma warning restore CA1711
{
    /// <summary>No flag set.</summary>
    None = 0,

    /// <summary>KPF_LOCKED (0): the page is locked for I/O.</summary>
    Locked = 1UL << 0,

    /// <summary>KPF_ERROR (1): an I/O error happened (unused since Linux 6.12).</summary>
    Error = 1UL << 1,

    /// <summary>KPF_REFERENCED (2): accessed since the last LRU scan.</summary>
    Referenced = 1UL << 2,

    /// <summary>KPF_UPTODATE (3): holds valid data.</summary>
    Uptodate = 1UL << 3,

    /// <summary>KPF_DIRTY (4): written since it was last written back.</summary>
    Dirty = 1UL << 4,

    /// <summary>KPF_LRU (5): on an LRU list.</summary>
    Lru = 1UL << 5,

    /// <summary>KPF_ACTIVE (6): on the active LRU list.</summary>
    Active = 1UL << 6,

    /// <summary>KPF_SLAB (7): owned by the slab allocator.</summary>
    Slab = 1UL << 7,

    /// <summary>KPF_WRITEBACK (8): being written back.</summary>
    Writeback = 1UL << 8,

    /// <summary>KPF_RECLAIM (9): marked for immediate reclaim.</summary>
    Reclaim = 1UL << 9,

    /// <summary>KPF_BUDDY (10): a free page in the buddy allocator.</summary>
    Buddy = 1UL << 10,

    /// <summary>KPF_MMAP (11): mapped into some process.</summary>
    Mmap = 1UL << 11,

    /// <summary>KPF_ANON (12): anonymous memory.</summary>
    Anon = 1UL << 12,

    /// <summary>KPF_SWAPCACHE (13): in the swap cache.</summary>
    SwapCache = 1UL << 13,

    /// <summary>KPF_SWAPBACKED (14): backed by swap (anonymous or shmem).</summary>
    SwapBacked = 1UL << 14,

    /// <summary>KPF_COMPOUND_HEAD (15): first page of a compound page (huge page, large folio).</summary>
    CompoundHead = 1UL << 15,

    /// <summary>KPF_COMPOUND_TAIL (16): a later page of a compound page.</summary>
    CompoundTail = 1UL << 16,

    /// <summary>KPF_HUGE (17): part of a hugetlbfs page.</summary>
    Huge = 1UL << 17,

    /// <summary>KPF_UNEVICTABLE (18): on the unevictable list (mlocked, ramfs, SHM_LOCK).</summary>
    Unevictable = 1UL << 18,

    /// <summary>KPF_HWPOISON (19): hardware detected memory corruption.</summary>
    HwPoison = 1UL << 19,

    /// <summary>KPF_NOPAGE (20): no struct page at this frame.</summary>
    NoPage = 1UL << 20,

    /// <summary>KPF_KSM (21): merged by kernel same-page merging.</summary>
    Ksm = 1UL << 21,

    /// <summary>KPF_THP (22): part of a transparent huge page.</summary>
    Thp = 1UL << 22,

    /// <summary>KPF_OFFLINE (23): logically offline (was KPF_BALLOON).</summary>
    Offline = 1UL << 23,

    /// <summary>KPF_ZERO_PAGE (24): the shared zero page (or huge zero page).</summary>
    ZeroPage = 1UL << 24,

    /// <summary>KPF_IDLE (25): not accessed since marked idle (CONFIG_IDLE_PAGE_TRACKING).</summary>
    Idle = 1UL << 25,

    /// <summary>KPF_PGTABLE (26): a page table page.</summary>
    PageTable = 1UL << 26,

    /// <summary>KPF_RESERVED (32, kernel-hacking): PG_reserved.</summary>
    Reserved = 1UL << 32,

    /// <summary>KPF_MLOCKED (33, kernel-hacking): locked in memory by mlock(2).</summary>
    Mlocked = 1UL << 33,

    /// <summary>KPF_MAPPEDTODISK (34, kernel-hacking).</summary>
    MappedToDisk = 1UL << 34,

    /// <summary>KPF_PRIVATE (35, kernel-hacking): PG_private, the file system keeps data on the page.</summary>
    Private = 1UL << 35,

    /// <summary>KPF_PRIVATE_2 (36, kernel-hacking).</summary>
    Private2 = 1UL << 36,

    /// <summary>KPF_OWNER_PRIVATE (37, kernel-hacking).</summary>
    OwnerPrivate = 1UL << 37,

    /// <summary>KPF_ARCH (38, kernel-hacking).</summary>
    Arch = 1UL << 38,

    /// <summary>KPF_UNCACHED (39, kernel-hacking).</summary>
    Uncached = 1UL << 39,

    /// <summary>KPF_SOFTDIRTY (40, kernel-hacking).</summary>
    SoftDirty = 1UL << 40,

    /// <summary>KPF_ARCH_2 (41, kernel-hacking).</summary>
    Arch2 = 1UL << 41,

    /// <summary>KPF_ARCH_3 (42, kernel-hacking).</summary>
    Arch3 = 1UL << 42,
}
