using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using ProcMap.Text;

namespace ProcMap.Linux;

/// <summary>
/// Up to 20 known VmFlags codes of one region in the order the kernel printed them, 6 bits each (an index
/// into the known codes): what a -Detailed region stores instead of an array of strings, which it makes
/// only when VmFlags is read. Count is 0 for an empty line.
/// </summary>
internal readonly record struct VmFlagCodes(ulong Low, ulong High, int Count)
{
    public const int Capacity = 20;
}

/// <summary>
/// Splits the smaps "VmFlags:" value into its two-letter codes, reusing one string per known code
/// (fs/proc/task_mmu.c show_smap_vma_flags). Codes come and go between kernels, so unknown ones are
/// kept as they are; the line may also be empty (psutil#2430).
/// </summary>
internal sealed class VmFlagNames
{
    private const int CodeBits = 6;
    private const int CodesPerWord = 10;

    // At most 1 << CodeBits of them.
    private static readonly string[] Known =
    {
        "rd", "wr", "ex", "sh", "mr", "mw", "me", "ms", "gd", "pf", "dw", "lo", "io", "sr", "rr", "dc", "de",
        "ac", "nr", "ht", "sf", "ar", "wf", "dd", "sd", "mm", "hg", "nh", "mg", "bt", "mt", "um", "uw", "ss",
        "sl", "ui", "lf", "dp", "nl", "pk", "gu",
    };

    // The known codes by their two lower-case letters, one slot for each of the 26 x 26 pairs: the code
    // and its index in Known plus one (0 for a pair that is no known code).
    private readonly string?[] _byCode = new string?[26 * 26];
    private readonly byte[] _indexByCode = new byte[26 * 26];

    public VmFlagNames()
    {
        for (int i = 0; i < Known.Length; i++)
        {
            int slot = Slot((byte)Known[i][0], (byte)Known[i][1]);
            _byCode[slot] = Known[i];
            _indexByCode[slot] = (byte)(i + 1);
        }
    }

    /// <summary>
    /// Packs the line into <paramref name="codes"/> when it is in the kernel's layout ("%c%c " per code)
    /// and holds only known codes, at most <see cref="VmFlagCodes.Capacity"/>; false otherwise (then
    /// <see cref="Split"/> it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryPack(ReadOnlySpan<byte> text, out VmFlagCodes codes)
    {
        codes = default;
        int count = text.Length / 3;
        if (text.Length % 3 != 0 || count > VmFlagCodes.Capacity)
        {
            return false;
        }

        ulong low = 0;
        ulong high = 0;
        for (int i = 0; i < count; i++)
        {
            int at = 3 * i;
            int slot = Slot(text[at], text[at + 1]);
            if (slot < 0 || text[at + 2] != (byte)' ' || _indexByCode[slot] == 0)
            {
                return false;
            }

            ulong index = (ulong)(_indexByCode[slot] - 1);
            if (i < CodesPerWord)
            {
                low |= index << (CodeBits * i);
            }
            else
            {
                high |= index << (CodeBits * (i - CodesPerWord));
            }
        }

        codes = new VmFlagCodes(low, high, count);
        return true;
    }

    /// <summary>The codes <see cref="TryPack"/> packed, as a new array.</summary>
    public static string[] Unpack(in VmFlagCodes codes)
    {
        var flags = new string[codes.Count];
        for (int i = 0; i < flags.Length; i++)
        {
            ulong word = i < CodesPerWord ? codes.Low : codes.High;
            flags[i] = Known[(int)((word >> (CodeBits * (i % CodesPerWord))) & ((1 << CodeBits) - 1))];
        }

        return flags;
    }

    public IReadOnlyList<string> Split(ReadOnlySpan<byte> text)
    {
        // Counted first, so each region's list is one exact array (every region gets its own: a caller may
        // change an element of the array it was handed).
        var flags = new string[Count(text)];
        var cursor = new ByteCursor(text);
        for (int i = 0; i < flags.Length; i++)
        {
            cursor.SkipBlanks();
            var code = cursor.TakeUntil((byte)' ');
            int slot = code.Length == 2 ? Slot(code[0], code[1]) : -1;
            flags[i] = (slot >= 0 ? _byCode[slot] : null) ?? KernelText.Decode(code);
        }

        return flags;
    }

    private static int Count(ReadOnlySpan<byte> text)
    {
        int count = 0;
        bool inCode = false;
        foreach (byte b in text)
        {
            bool blank = b is (byte)' ' or (byte)'\t';
            if (!blank && !inCode)
            {
                count++;
            }

            inCode = !blank;
        }

        return count;
    }

    private static int Slot(byte first, byte second) =>
        (uint)(first - 'a') < 26 && (uint)(second - 'a') < 26 ? ((first - 'a') * 26) + (second - 'a') : -1;
}
