using System.Collections.Generic;

namespace ProcMap;

/// <summary>The smaps figures of one region; allocated only for Get-VmMap -Detailed.</summary>
internal sealed class SmapsValues
{
    public ulong? Rss { get; set; }

    public ulong? Pss { get; set; }

    public ulong? PssDirty { get; set; }

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
}
