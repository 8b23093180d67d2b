using System.Collections.Generic;
using System.Runtime.CompilerServices;
using ProcMap.Linux;

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
/// The smaps figures of one region, stored inside its <see cref="DetailedVmRegion"/> (allocated only for
/// Get-VmMap -Detailed). Each number is kept as the kernel printed it, in 32 bits, with a bit for "the
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

    [InlineArray(FieldCount)]
    private struct Numbers
    {
        private uint _first;
    }
}
