using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace ProcMap;

/// <summary>The numeric smaps keys ProcMap knows, in the order a 6.x kernel prints them (fs/proc/task_mmu.c show_smap).</summary>
internal enum SmapsField
{
    KernelPageSize,
    MmuPageSize,
    Rss,
    Pss,
    PssDirty,
    SharedClean,
    SharedDirty,
    PrivateClean,
    PrivateDirty,
    Referenced,
    Anonymous,
    Ksm,
    LazyFree,
    AnonHugePages,
    ShmemPmdMapped,
    FilePmdMapped,
    SharedHugetlb,
    PrivateHugetlb,
    Swap,
    SwapPss,
    Locked,
    ThpEligible,
    ProtectionKey,
}

/// <summary>
/// The smaps figures of one region; allocated only for Get-VmMap -Detailed. The numbers live unboxed in
/// one inline block with a bit each for "the kernel printed this key" (a key an older kernel lacks stays
/// null), so a region's figures are one object of about 200 bytes rather than 23 Nullable fields.
/// </summary>
internal sealed class SmapsValues
{
    public const int FieldCount = (int)SmapsField.ProtectionKey + 1;

    private Numbers _numbers;
    private uint _present;

    public ulong? Rss => Get(SmapsField.Rss);

    public ulong? Pss => Get(SmapsField.Pss);

    public ulong? PssDirty => Get(SmapsField.PssDirty);

    public ulong? SharedClean => Get(SmapsField.SharedClean);

    public ulong? SharedDirty => Get(SmapsField.SharedDirty);

    public ulong? PrivateClean => Get(SmapsField.PrivateClean);

    public ulong? PrivateDirty => Get(SmapsField.PrivateDirty);

    public ulong? Referenced => Get(SmapsField.Referenced);

    public ulong? Anonymous => Get(SmapsField.Anonymous);

    public ulong? Ksm => Get(SmapsField.Ksm);

    public ulong? LazyFree => Get(SmapsField.LazyFree);

    public ulong? AnonHugePages => Get(SmapsField.AnonHugePages);

    public ulong? ShmemPmdMapped => Get(SmapsField.ShmemPmdMapped);

    public ulong? FilePmdMapped => Get(SmapsField.FilePmdMapped);

    public ulong? SharedHugetlb => Get(SmapsField.SharedHugetlb);

    public ulong? PrivateHugetlb => Get(SmapsField.PrivateHugetlb);

    public ulong? Swap => Get(SmapsField.Swap);

    public ulong? SwapPss => Get(SmapsField.SwapPss);

    public ulong? Locked => Get(SmapsField.Locked);

    public ulong? KernelPageSize => Get(SmapsField.KernelPageSize);

    public ulong? MmuPageSize => Get(SmapsField.MmuPageSize);

    public int? ThpEligible => Get(SmapsField.ThpEligible) is ulong value ? (int)value : null;

    public int? ProtectionKey => Get(SmapsField.ProtectionKey) is ulong value ? (int)value : null;

    public IReadOnlyList<string>? VmFlags { get; set; }

    public IReadOnlyDictionary<string, ulong>? OtherFields { get; set; }

    /// <summary>Records what the kernel printed for <paramref name="field"/>; int fields are clamped to int.MaxValue.</summary>
    public void Set(SmapsField field, ulong value)
    {
        if (field is SmapsField.ThpEligible or SmapsField.ProtectionKey && value > int.MaxValue)
        {
            value = int.MaxValue;
        }

        _numbers[(int)field] = value;
        _present |= 1u << (int)field;
    }

    private ulong? Get(SmapsField field) => (_present & (1u << (int)field)) != 0 ? _numbers[(int)field] : null;

    [InlineArray(FieldCount)]
    private struct Numbers
    {
        private ulong _first;
    }
}
