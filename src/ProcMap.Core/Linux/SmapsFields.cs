using System;
using System.Collections.Generic;
using ProcMap.Text;

namespace ProcMap.Linux;

/// <summary>
/// Applies the "Key: value" lines of a /proc/PID/smaps record (fs/proc/task_mmu.c show_smap,
/// Documentation/filesystems/proc.rst) to a region. Keys vary between kernels, so lookup tries the key
/// the kernel printed next last time first (the order is fixed within one kernel, so this almost always
/// hits) and falls back to a search; unknown keys go to OtherFields.
/// </summary>
internal sealed class SmapsFields
{
    private enum Field
    {
        Size,
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
        VmFlags,
    }

    // In the order a 6.x kernel prints them.
    private static readonly (byte[] Key, Field Field)[] Keys =
    {
        ("Size"u8.ToArray(), Field.Size),
        ("KernelPageSize"u8.ToArray(), Field.KernelPageSize),
        ("MMUPageSize"u8.ToArray(), Field.MmuPageSize),
        ("Rss"u8.ToArray(), Field.Rss),
        ("Pss"u8.ToArray(), Field.Pss),
        ("Pss_Dirty"u8.ToArray(), Field.PssDirty),
        ("Pss_Anon"u8.ToArray(), Field.PssAnon), // smaps_rollup only, as are the next two
        ("Pss_File"u8.ToArray(), Field.PssFile),
        ("Pss_Shmem"u8.ToArray(), Field.PssShmem),
        ("Shared_Clean"u8.ToArray(), Field.SharedClean),
        ("Shared_Dirty"u8.ToArray(), Field.SharedDirty),
        ("Private_Clean"u8.ToArray(), Field.PrivateClean),
        ("Private_Dirty"u8.ToArray(), Field.PrivateDirty),
        ("Referenced"u8.ToArray(), Field.Referenced),
        ("Anonymous"u8.ToArray(), Field.Anonymous),
        ("KSM"u8.ToArray(), Field.Ksm),
        ("LazyFree"u8.ToArray(), Field.LazyFree),
        ("AnonHugePages"u8.ToArray(), Field.AnonHugePages),
        ("ShmemPmdMapped"u8.ToArray(), Field.ShmemPmdMapped),
        ("FilePmdMapped"u8.ToArray(), Field.FilePmdMapped),
        ("Shared_Hugetlb"u8.ToArray(), Field.SharedHugetlb),
        ("Private_Hugetlb"u8.ToArray(), Field.PrivateHugetlb),
        ("Swap"u8.ToArray(), Field.Swap),
        ("SwapPss"u8.ToArray(), Field.SwapPss),
        ("Locked"u8.ToArray(), Field.Locked),
        ("THPeligible"u8.ToArray(), Field.ThpEligible),
        ("ProtectionKey"u8.ToArray(), Field.ProtectionKey),
        ("VmFlags"u8.ToArray(), Field.VmFlags),
    };

    private static readonly VmFlagNames FlagNames = new();

    private int _expected;

    /// <summary>True when <paramref name="line"/> is a "Key:" line rather than a region header.</summary>
    public static bool IsFieldLine(ReadOnlySpan<byte> line)
    {
        // Keys are letters, digits and '_' followed by ':'; a header starts with hex digits and a '-'.
        int colon = line.IndexOf((byte)':');
        int space = line.IndexOf((byte)' ');
        return colon > 0 && (space < 0 || colon < space) && line[..colon].IndexOf((byte)'-') < 0;
    }

    /// <summary>Applies one field line to a region; false when it is not "Key: value" in the documented form.</summary>
    public bool TryApply(ReadOnlySpan<byte> line, VmRegion region) => TryApply(line, region.Smaps ??= new SmapsValues());

    /// <summary>
    /// Applies one field line to <paramref name="values"/> (a region's, or the totals of /proc/PID/smaps_rollup,
    /// which prints the same keys plus Pss_Anon, Pss_File and Pss_Shmem); false when it is not in the documented form.
    /// </summary>
    public bool TryApply(ReadOnlySpan<byte> line, SmapsValues values)
    {
        int colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            return false;
        }

        var key = line[..colon];
        var cursor = new ByteCursor(line[(colon + 1)..]);
        cursor.SkipBlanks();
        int index = Find(key);
        if (index >= 0 && Keys[index].Field == Field.VmFlags)
        {
            values.VmFlags = FlagNames.Split(cursor.Rest);
            return true;
        }

        if (!cursor.TryReadDecimal(out ulong value))
        {
            return false;
        }

        cursor.SkipBlanks();
        bool kilobytes = cursor.Rest.SequenceEqual("kB"u8);
        if (!kilobytes && !cursor.AtEnd)
        {
            return false;
        }

        if (kilobytes)
        {
            value *= 1024;
        }

        if (index < 0)
        {
            var others = values.OtherFields as Dictionary<string, ulong> ?? new Dictionary<string, ulong>(StringComparer.Ordinal);
            others[KernelText.Decode(key)] = value;
            values.OtherFields = others;
            return true;
        }

        Set(values, Keys[index].Field, value);
        return true;
    }

    private int Find(ReadOnlySpan<byte> key)
    {
        if (_expected < Keys.Length && key.SequenceEqual(Keys[_expected].Key))
        {
            return Advance(_expected);
        }

        // From the expected key on, wrapping: smaps skips the three rollup-only keys after Pss_Dirty, so
        // the next key is a few places on, not back at the start.
        for (int n = 1; n < Keys.Length; n++)
        {
            int i = (_expected + n) % Keys.Length;
            if (key.SequenceEqual(Keys[i].Key))
            {
                return Advance(i);
            }
        }

        return -1;
    }

    private int Advance(int found)
    {
        _expected = found + 1 == Keys.Length ? 0 : found + 1;
        return found;
    }

    private static void Set(SmapsValues region, Field field, ulong value)
    {
        switch (field)
        {
            case Field.Size: break; // End - Start already says it.
            case Field.KernelPageSize: region.KernelPageSize = value; break;
            case Field.MmuPageSize: region.MmuPageSize = value; break;
            case Field.Rss: region.Rss = value; break;
            case Field.Pss: region.Pss = value; break;
            case Field.PssDirty: region.PssDirty = value; break;
            case Field.PssAnon: region.PssAnon = value; break;
            case Field.PssFile: region.PssFile = value; break;
            case Field.PssShmem: region.PssShmem = value; break;
            case Field.SharedClean: region.SharedClean = value; break;
            case Field.SharedDirty: region.SharedDirty = value; break;
            case Field.PrivateClean: region.PrivateClean = value; break;
            case Field.PrivateDirty: region.PrivateDirty = value; break;
            case Field.Referenced: region.Referenced = value; break;
            case Field.Anonymous: region.Anonymous = value; break;
            case Field.Ksm: region.Ksm = value; break;
            case Field.LazyFree: region.LazyFree = value; break;
            case Field.AnonHugePages: region.AnonHugePages = value; break;
            case Field.ShmemPmdMapped: region.ShmemPmdMapped = value; break;
            case Field.FilePmdMapped: region.FilePmdMapped = value; break;
            case Field.SharedHugetlb: region.SharedHugetlb = value; break;
            case Field.PrivateHugetlb: region.PrivateHugetlb = value; break;
            case Field.Swap: region.Swap = value; break;
            case Field.SwapPss: region.SwapPss = value; break;
            case Field.Locked: region.Locked = value; break;
            case Field.ThpEligible: region.ThpEligible = (int)Math.Min(value, int.MaxValue); break;
            case Field.ProtectionKey: region.ProtectionKey = (int)Math.Min(value, int.MaxValue); break;
            default: break;
        }
    }
}
