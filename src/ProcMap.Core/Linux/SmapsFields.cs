using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ProcMap.Text;

namespace ProcMap.Linux;

/// <summary>
/// Applies the "Key: value" lines of a /proc/PID/smaps record (fs/proc/task_mmu.c show_smap,
/// Documentation/filesystems/proc.rst) to a region. Keys vary between kernels, so lookup tries the key
/// the kernel printed next last time first (the order is fixed within one kernel, so this almost always
/// hits, and costs one prefix comparison a line) and falls back to a search; unknown keys go to OtherFields.
/// </summary>
internal sealed class SmapsFields
{
    // Not numbers in SmapsValues: Size is End - Start already; VmFlags is a list of codes.
    private const int SizeKey = -1;
    private const int VmFlagsKey = -2;

    // In the order a 6.x kernel prints them, each with its colon so one prefix test finds key and end.
    private static readonly (byte[] Key, int Field)[] RegionKeys =
    {
        ("Size:"u8.ToArray(), SizeKey),
        ("KernelPageSize:"u8.ToArray(), (int)SmapsField.KernelPageSize),
        ("MMUPageSize:"u8.ToArray(), (int)SmapsField.MmuPageSize),
        ("Rss:"u8.ToArray(), (int)SmapsField.Rss),
        ("Pss:"u8.ToArray(), (int)SmapsField.Pss),
        ("Pss_Dirty:"u8.ToArray(), (int)SmapsField.PssDirty),
        ("Shared_Clean:"u8.ToArray(), (int)SmapsField.SharedClean),
        ("Shared_Dirty:"u8.ToArray(), (int)SmapsField.SharedDirty),
        ("Private_Clean:"u8.ToArray(), (int)SmapsField.PrivateClean),
        ("Private_Dirty:"u8.ToArray(), (int)SmapsField.PrivateDirty),
        ("Referenced:"u8.ToArray(), (int)SmapsField.Referenced),
        ("Anonymous:"u8.ToArray(), (int)SmapsField.Anonymous),
        ("KSM:"u8.ToArray(), (int)SmapsField.Ksm),
        ("LazyFree:"u8.ToArray(), (int)SmapsField.LazyFree),
        ("AnonHugePages:"u8.ToArray(), (int)SmapsField.AnonHugePages),
        ("ShmemPmdMapped:"u8.ToArray(), (int)SmapsField.ShmemPmdMapped),
        ("FilePmdMapped:"u8.ToArray(), (int)SmapsField.FilePmdMapped),
        ("Shared_Hugetlb:"u8.ToArray(), (int)SmapsField.SharedHugetlb),
        ("Private_Hugetlb:"u8.ToArray(), (int)SmapsField.PrivateHugetlb),
        ("Swap:"u8.ToArray(), (int)SmapsField.Swap),
        ("SwapPss:"u8.ToArray(), (int)SmapsField.SwapPss),
        ("Locked:"u8.ToArray(), (int)SmapsField.Locked),
        ("THPeligible:"u8.ToArray(), (int)SmapsField.ThpEligible),
        ("ProtectionKey:"u8.ToArray(), (int)SmapsField.ProtectionKey),
        ("VmFlags:"u8.ToArray(), VmFlagsKey),
    };

    // Each key as show_smap lays it out: padded with blanks to 16 columns, then the number right-aligned in
    // the next 8 (SEQ_PUT_DEC's width; "Private_Hugetlb:" is 16 columns and prints " %7lu"). Lines in this
    // exact layout, all but those of numbers of more than 8 digits, are checked with one 16-byte comparison.
    private static readonly Vector128<byte>[] RegionPadded = PadKeys(RegionKeys);

    // smaps_rollup prints the same keys with Pss_Anon, Pss_File and Pss_Shmem after Pss_Dirty (Linux 5.10+,
    // __show_smap's rollup branch). A table of its own, so a smaps record never misses its expected key there.
    private static readonly (byte[] Key, int Field)[] RollupKeys = WithRollupKeys();

    private static readonly Vector128<byte>[] RollupPadded = PadKeys(RollupKeys);

    private readonly (byte[] Key, int Field)[] _keys;

    private readonly Vector128<byte>[] _padded;

    private static readonly VmFlagNames FlagNames = new();

    private static readonly SearchValues<byte> HexDigits = SearchValues.Create("0123456789abcdef"u8);

    private int _expected;

    /// <summary>A parser for smaps records, or with <paramref name="rollup"/> for /proc/PID/smaps_rollup.</summary>
    public SmapsFields(bool rollup = false)
    {
        _keys = rollup ? RollupKeys : RegionKeys;
        _padded = rollup ? RollupPadded : RegionPadded;
    }

    /// <summary>True when <paramref name="line"/> is a "Key:" line rather than a region header.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsFieldLine(ReadOnlySpan<byte> line)
    {
        // Every key the kernel prints starts with a capital letter, and every header with a lower-case hex
        // digit: one byte decides. Otherwise the general rule: letters, digits and '_' followed by ':'
        // (a header has a '-' and a space before any ':').
        if (line.IsEmpty)
        {
            return false;
        }

        if ((uint)(line[0] - 'A') <= 'Z' - 'A')
        {
            return true;
        }

        // A header: hex digits up to the '-' of start-end, which no key holds.
        int hex = line.IndexOfAnyExcept(HexDigits);
        if (hex > 0 && line[hex] == (byte)'-')
        {
            return false;
        }

        int colon = line.IndexOf((byte)':');
        int space = line.IndexOf((byte)' ');
        return colon > 0 && (space < 0 || colon < space) && line[..colon].IndexOf((byte)'-') < 0;
    }

    /// <summary>Applies one field line; false when it is not "Key: value" in the documented form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryApply(ReadOnlySpan<byte> line, DetailedVmRegion region) => TryApply(line, ref region.Smaps);

    /// <summary>Applies one field line to <paramref name="values"/> (a region's, or a rollup's totals); false when it is not in the documented form.</summary>
    public bool TryApply(ReadOnlySpan<byte> line, ref SmapsValues values)
    {
        int index = Find(line, out int valueStart);
        if (valueStart <= 0)
        {
            return false;
        }

        var cursor = new ByteCursor(line[valueStart..]);
        cursor.SkipBlanks();
        if (index >= 0 && _keys[index].Field == VmFlagsKey)
        {
            if (FlagNames.TryPack(cursor.Rest, out var codes))
            {
                values.SetFlags(codes);
            }
            else
            {
                values.SetFlags(FlagNames.Split(cursor.Rest));
            }

            return true;
        }

        if (!cursor.TryReadDecimal(out ulong value))
        {
            return false;
        }

        cursor.SkipBlanks();
        bool kilobytes = !cursor.AtEnd;
        if (kilobytes && !cursor.Rest.SequenceEqual("kB"u8))
        {
            return false;
        }

        if (index < 0)
        {
            var others = values.OtherFields as Dictionary<string, ulong> ?? new Dictionary<string, ulong>(StringComparer.Ordinal);
            others[KernelText.Decode(line[..(valueStart - 1)])] = kilobytes ? value * 1024 : value;
            values.OtherFields = others;
        }
        else if (_keys[index].Field >= 0)
        {
            values.Set((SmapsField)_keys[index].Field, value, kilobytes);
        }

        return true;
    }

    /// <summary>
    /// Applies the whole field lines at the start of <paramref name="text"/> that have the form the kernel
    /// prints them in (show_smap's SEQ_PUT_DEC: the key the kernel printed next last time, blanks, a
    /// decimal number, then " kB" or nothing, then a newline), stopping at the first line that does not:
    /// a header, VmFlags, an unknown key, or a partial line at the end of the buffer. Returns the bytes
    /// consumed and, in <paramref name="lineCount"/>, the lines; the caller parses the line it stopped at.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int ApplyRun(ReadOnlySpan<byte> text, DetailedVmRegion region, out int lineCount)
    {
        int position = 0;
        lineCount = 0;
        ref var values = ref region.Smaps;
        while (true)
        {
            var (key, field) = _keys[_expected];
            var line = text[position..];
            if (field < SizeKey)
            {
                return position;
            }

            int length = TryFixedLayout(line, _expected, out ulong number, out bool inKilobytes);
            if (length > 0)
            {
                if (field >= 0)
                {
                    values.Set((SmapsField)field, number, inKilobytes);
                }

                Advance(_expected);
                position += length;
                lineCount++;
                continue;
            }

            if (!line.StartsWith(key))
            {
                return position;
            }

            // The kernel pads the key to 16 columns and right-aligns the number in 8: some 12 blanks.
            int blanks = line[key.Length..].IndexOfAnyExcept((byte)' ');
            if (blanks < 0)
            {
                return position;
            }

            int i = key.Length + blanks;
            int digits = i;
            ulong value = 0;
            while (i < line.Length && (uint)(line[i] - '0') <= 9 && i - digits < 19)
            {
                value = (value * 10) + (uint)(line[i] - '0');
                i++;
            }

            if (i == digits)
            {
                return position;
            }

            bool kilobytes = line[i..].StartsWith(" kB\n"u8);
            if (kilobytes)
            {
                i += 4;
            }
            else if (i < line.Length && line[i] == (byte)'\n')
            {
                i++;
            }
            else
            {
                return position;
            }

            if (field >= 0)
            {
                values.Set((SmapsField)field, value, kilobytes);
            }

            Advance(_expected);
            position += i;
            lineCount++;
        }
    }

    // A whole line "KEY<blanks to column 16><number right-aligned in 8>[ kB]\n" for Keys[index]: returns its
    // length with the number, or 0 when the line is not exactly that (the caller then reads it byte by byte).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int TryFixedLayout(ReadOnlySpan<byte> line, int index, out ulong number, out bool kilobytes)
    {
        number = 0;
        kilobytes = false;
        if (line.Length < 28 || Vector128.Create(line) != _padded[index])
        {
            return 0;
        }

        // The 8 columns of the number, leading blanks then at least one digit, read as one word (column i
        // in byte i): blanks become '0', which leaves the value alone, and the digits are combined in three
        // multiply-and-add steps (pairs, fours, eight).
        ulong columns = BinaryPrimitives.ReadUInt64LittleEndian(line[16..]);
        ulong blankBytes = ZeroBytes(columns ^ 0x2020202020202020UL);
        ulong others = ~blankBytes & HighBits;
        int blanks = BitOperations.TrailingZeroCount(others) >> 3;
        if (others == 0 || (blankBytes >> (8 * blanks)) != 0)
        {
            return 0;
        }

        ulong digits = columns + (blankBytes >> 3) - 0x3030303030303030UL;
        if ((((digits + 0x7676767676767676UL) | digits) & HighBits) != 0)
        {
            return 0;
        }

        digits = ((digits * 10) + (digits >> 8)) & 0x00FF00FF00FF00FFUL;
        digits = ((digits * 100) + (digits >> 16)) & 0x0000FFFF0000FFFFUL;
        number = ((digits * 10000) + (digits >> 32)) & 0xFFFFFFFFUL;

        uint tail = BinaryPrimitives.ReadUInt32LittleEndian(line[24..]);
        if (tail == KilobytesNewline)
        {
            kilobytes = true;
            return 28;
        }

        return (byte)tail == (byte)'\n' ? 25 : 0;
    }

    private const ulong HighBits = 0x8080808080808080UL;

    // 0x80 in each byte of word that is zero, 0 in the others (no false positives: the carry cannot leak).
    private static ulong ZeroBytes(ulong word)
    {
        const ulong Low7 = 0x7F7F7F7F7F7F7F7FUL;
        return ~(((word & Low7) + Low7) | word | Low7);
    }

    // " kB\n" read as a little-endian uint.
    private const uint KilobytesNewline = ' ' | ('k' << 8) | ('B' << 16) | ('\n' << 24);

    private static (byte[] Key, int Field)[] WithRollupKeys()
    {
        var keys = new List<(byte[] Key, int Field)>(RegionKeys);
        int after = keys.FindIndex(k => k.Field == (int)SmapsField.PssDirty) + 1;
        keys.InsertRange(after, new[]
        {
            ("Pss_Anon:"u8.ToArray(), (int)SmapsField.PssAnon),
            ("Pss_File:"u8.ToArray(), (int)SmapsField.PssFile),
            ("Pss_Shmem:"u8.ToArray(), (int)SmapsField.PssShmem),
        });
        return keys.ToArray();
    }

    private static Vector128<byte>[] PadKeys((byte[] Key, int Field)[] keys)
    {
        var padded = new Vector128<byte>[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            var key = keys[i].Key;
            if (key.Length <= 16)
            {
                var bytes = new byte[16];
                bytes.AsSpan().Fill((byte)' ');
                key.CopyTo(bytes, 0);
                padded[i] = Vector128.Create(bytes);
            }
        }

        return padded;
    }

    // The index of the line's key in Keys (-1 for a key ProcMap does not know) and where its value starts
    // (after the colon; 0 when the line has no key).
    private int Find(ReadOnlySpan<byte> line, out int valueStart)
    {
        var expected = _keys[_expected].Key;
        if (line.StartsWith(expected))
        {
            valueStart = expected.Length;
            return Advance(_expected);
        }

        int colon = line.IndexOf((byte)':');
        valueStart = colon + 1;
        if (colon <= 0)
        {
            return -1;
        }

        var key = line[..valueStart];
        for (int i = 0; i < _keys.Length; i++)
        {
            if (key.SequenceEqual(_keys[i].Key))
            {
                return Advance(i);
            }
        }

        return -1;
    }

    private int Advance(int found)
    {
        _expected = found + 1 == _keys.Length ? 0 : found + 1;
        return found;
    }
}
