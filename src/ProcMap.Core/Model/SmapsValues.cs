using System.Collections.Generic;
using System.Runtime.CompilerServices;
using ProcMap.Linux;

namespace ProcMap;

/// <summary>
/// The numeric smaps keys ProcMap knows, in the order a 6.x kernel prints them (fs/proc/task_mmu.c
/// show_smap; smaps_rollup adds Pss_Anon, Pss_File and Pss_Shmem after Pss_Dirty, __show_smap's rollup branch).
/// </summary>
internal enum SmapsField
{
    KernelPageSize,
    MmuPageSize,
    Rss,
    Pss,
    PssDirty,
    PssAnon,
    PssFile,
    PssShmem,
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
/// The smaps figures of one region, stored inside its <see cref="DetailedVmRegion"/> (allocated only for
/// Get-VmMap -Detailed), or the totals of a whole address space for Get-KvmProcess -IncludeMemory
/// (/proc/PID/smaps_rollup, or the sum of every smaps record where the kernel has no rollup). Each number is kept as the kernel printed it, in 32 bits, with a bit for "the
/// kernel printed this key" (a key an older kernel lacks stays null) and one for "in kB": 100 bytes a
/// region instead of 23 Nullable ulongs, which matters because a -Detailed listing costs mostly the
/// memory it fills. A region with a number that needs more than 32 bits (4 TiB in kB) keeps all of its
/// numbers in 64 bits instead.
/// </summary>
internal struct SmapsValues
{
    public const int FieldCount = (int)SmapsField.ProtectionKey + 1;

    private Numbers _numbers;
    private uint _present;
    private uint _kilobytes;
    private ulong[]? _wide;
    private VmFlagCodes _flagCodes;
    private IReadOnlyList<string>? _flagList;
    private bool _hasFlags;

    /// <summary>The VmFlags codes: a new array on each read when they were stored packed.</summary>
    public readonly IReadOnlyList<string>? VmFlags => _flagList ?? (_hasFlags ? VmFlagNames.Unpack(_flagCodes) : null);

    public IReadOnlyDictionary<string, ulong>? OtherFields { get; set; }

    /// <summary>Stores the VmFlags codes packed (see <see cref="VmFlagCodes"/>).</summary>
    public void SetFlags(in VmFlagCodes codes)
    {
        _flagCodes = codes;
        _flagList = null;
        _hasFlags = true;
    }

    /// <summary>Stores VmFlags codes that could not be packed (unknown codes, an unusual layout).</summary>
    public void SetFlags(IReadOnlyList<string> codes)
    {
        _flagList = codes;
        _hasFlags = true;
    }

    /// <summary>Records the number the kernel printed for <paramref name="field"/>, in kB or as a plain number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Set(SmapsField field, ulong number, bool kilobytes)
    {
        int index = (int)field;
        uint bit = 1u << index;
        _present |= bit;
        _kilobytes = kilobytes ? _kilobytes | bit : _kilobytes & ~bit;
        if (_wide is null && number <= uint.MaxValue)
        {
            _numbers[index] = (uint)number;
            return;
        }

        SetWide(index, number);
    }

    private void SetWide(int index, ulong number)
    {
        if (_wide is null)
        {
            _wide = new ulong[FieldCount];
            for (int i = 0; i < FieldCount; i++)
            {
                _wide[i] = _numbers[i];
            }
        }

        _wide[index] = number;
    }

    /// <summary>The value of <paramref name="field"/> (bytes for kB numbers); null when the kernel printed no such key.</summary>
    public readonly ulong? Get(SmapsField field)
    {
        int index = (int)field;
        uint bit = 1u << index;
        if ((_present & bit) == 0)
        {
            return null;
        }

        ulong number = _wide is null ? _numbers[index] : _wide[index];
        if ((_kilobytes & bit) != 0)
        {
            number = number > ulong.MaxValue / 1024 ? ulong.MaxValue : number * 1024;
        }

        // THPeligible and ProtectionKey are ints in the object model.
        return field is SmapsField.ThpEligible or SmapsField.ProtectionKey && number > int.MaxValue ? int.MaxValue : number;
    }

    /// <summary>
    /// The bytes only this process maps: Private_Clean + Private_Dirty + Private_Hugetlb, psutil's USS
    /// (psutil/_pslinux.py memory_full_info sums every "Private" line). Null when the kernel gave neither
    /// private line; Private_Hugetlb (Linux 4.4+) counts as 0 where it is absent.
    /// </summary>
    public readonly ulong? Private
    {
        get
        {
            ulong? clean = Get(SmapsField.PrivateClean);
            ulong? dirty = Get(SmapsField.PrivateDirty);
            return clean is null && dirty is null ? null : (clean ?? 0) + (dirty ?? 0) + (Get(SmapsField.PrivateHugetlb) ?? 0);
        }
    }

    /// <summary>
    /// Adds the byte figures of <paramref name="other"/> (one smaps record) to these totals, as the kernel's
    /// smaps_rollup adds its records: a key that neither side has stays null. Page sizes, THPeligible,
    /// ProtectionKey, flags and unknown keys are per region and are not summed.
    /// </summary>
    public void Add(in SmapsValues other)
    {
        for (var field = SmapsField.Rss; field <= SmapsField.Locked; field++)
        {
            if (other.Get(field) is ulong value)
            {
                Set(field, (Get(field) ?? 0) + value, kilobytes: false);
            }
        }
    }

    [InlineArray(FieldCount)]
    private struct Numbers
    {
        private uint _first;
    }
}
