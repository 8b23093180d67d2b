using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using ProcMap.Text;

namespace ProcMap.Linux;

/// <summary>
/// Splits the smaps "VmFlags:" value into its two-letter codes, reusing one string per known code
/// (fs/proc/task_mmu.c show_smap_vma_flags). Codes come and go between kernels, so unknown ones are
/// kept as they are; the line may also be empty (psutil#2430).
/// </summary>
internal sealed class VmFlagNames
{
    private static readonly string[] Known =
    {
        "rd", "wr", "ex", "sh", "mr", "mw", "me", "ms", "gd", "pf", "dw", "lo", "io", "sr", "rr", "dc", "de",
        "ac", "nr", "ht", "sf", "ar", "wf", "dd", "sd", "mm", "hg", "nh", "mg", "bt", "mt", "um", "uw", "ss",
        "sl", "ui", "lf", "dp", "nl", "pk", "gu",
    };

    // The known codes by their two lower-case letters, one slot for each of the 26 x 26 pairs.
    private readonly string?[] _byCode = new string?[26 * 26];

    public VmFlagNames()
    {
        foreach (string code in Known)
        {
            _byCode[Slot((byte)code[0], (byte)code[1])] = code;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
