using System.Collections.Generic;

namespace ProcMap;

/// <summary>
/// The smaps figures of one region (allocated only for Get-VmMap -Detailed), or the totals of a whole
/// address space: /proc/PID/smaps_rollup, or the sum of every smaps record where the kernel has no rollup.
/// </summary>
internal sealed class SmapsValues
{
    public ulong? Rss { get; set; }

    public ulong? Pss { get; set; }

    public ulong? PssDirty { get; set; }

    /// <summary>smaps_rollup Pss_Anon (Linux 5.10+); smaps records do not print it.</summary>
    public ulong? PssAnon { get; set; }

    /// <summary>smaps_rollup Pss_File (Linux 5.10+).</summary>
    public ulong? PssFile { get; set; }

    /// <summary>smaps_rollup Pss_Shmem (Linux 5.10+).</summary>
    public ulong? PssShmem { get; set; }

    public ulong? SharedClean { get; set; }

    public ulong? SharedDirty { get; set; }

    public ulong? PrivateClean { get; set; }

    public ulong? PrivateDirty { get; set; }

    public ulong? Referenced { get; set; }

    public ulong? Anonymous { get; set; }

    public ulong? Ksm { get; set; }

    public ulong? LazyFree { get; set; }

    public ulong? AnonHugePages { get; set; }

    public ulong? ShmemPmdMapped { get; set; }

    public ulong? FilePmdMapped { get; set; }

    public ulong? SharedHugetlb { get; set; }

    public ulong? PrivateHugetlb { get; set; }

    public ulong? Swap { get; set; }

    public ulong? SwapPss { get; set; }

    public ulong? Locked { get; set; }

    public ulong? KernelPageSize { get; set; }

    public ulong? MmuPageSize { get; set; }

    public int? ThpEligible { get; set; }

    public int? ProtectionKey { get; set; }

    public IReadOnlyList<string>? VmFlags { get; set; }

    public IReadOnlyDictionary<string, ulong>? OtherFields { get; set; }

    /// <summary>
    /// The bytes only this process maps: Private_Clean + Private_Dirty + Private_Hugetlb, psutil's USS
    /// (psutil/_pslinux.py memory_full_info sums every "Private" line). Null when the kernel gave neither
    /// private line; Private_Hugetlb (Linux 4.4+) counts as 0 where it is absent.
    /// </summary>
    public ulong? Private => PrivateClean is null && PrivateDirty is null
        ? null
        : (PrivateClean ?? 0) + (PrivateDirty ?? 0) + (PrivateHugetlb ?? 0);

    /// <summary>
    /// Adds the byte figures of <paramref name="other"/> (one smaps record) to these totals, as the kernel's
    /// smaps_rollup adds its records: a key that neither side has stays null. Page sizes, flags and unknown
    /// keys are per region and are not summed.
    /// </summary>
    public void Add(SmapsValues other)
    {
        Rss = Sum(Rss, other.Rss);
        Pss = Sum(Pss, other.Pss);
        PssDirty = Sum(PssDirty, other.PssDirty);
        PssAnon = Sum(PssAnon, other.PssAnon);
        PssFile = Sum(PssFile, other.PssFile);
        PssShmem = Sum(PssShmem, other.PssShmem);
        SharedClean = Sum(SharedClean, other.SharedClean);
        SharedDirty = Sum(SharedDirty, other.SharedDirty);
        PrivateClean = Sum(PrivateClean, other.PrivateClean);
        PrivateDirty = Sum(PrivateDirty, other.PrivateDirty);
        Referenced = Sum(Referenced, other.Referenced);
        Anonymous = Sum(Anonymous, other.Anonymous);
        Ksm = Sum(Ksm, other.Ksm);
        LazyFree = Sum(LazyFree, other.LazyFree);
        AnonHugePages = Sum(AnonHugePages, other.AnonHugePages);
        ShmemPmdMapped = Sum(ShmemPmdMapped, other.ShmemPmdMapped);
        FilePmdMapped = Sum(FilePmdMapped, other.FilePmdMapped);
        SharedHugetlb = Sum(SharedHugetlb, other.SharedHugetlb);
        PrivateHugetlb = Sum(PrivateHugetlb, other.PrivateHugetlb);
        Swap = Sum(Swap, other.Swap);
        SwapPss = Sum(SwapPss, other.SwapPss);
        Locked = Sum(Locked, other.Locked);
    }

    private static ulong? Sum(ulong? total, ulong? value) => value is ulong v ? (total ?? 0) + v : total;
}
