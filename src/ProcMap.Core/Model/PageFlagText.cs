using System.Text;

namespace ProcMap;

/// <summary>
/// Page flags as the one-letter codes of the kernel's tools/mm/page-types (R referenced, U uptodate,
/// l lru, A active, M mmap, a anonymous, b swapbacked, t thp, m mlocked, ...), for the format views.
/// </summary>
public static class PageFlagText
{
    // Index = KPF bit number; ' ' where the bit has no name. Bits 41 (ARCH_2) and 42 (ARCH_3) show as 2 and 3
    // so every letter stays unique.
    private const string Letters = "LERUDlASWIBMasbHTGuXnxtozig     rmdPpOhcf23";

    /// <summary>The letters of the set flags in bit order, such as <c>RUlAMab</c>; empty for null.</summary>
    public static string Format(PageFlags? flags)
    {
        if (flags is not PageFlags value)
        {
            return "";
        }

        var text = new StringBuilder(16);
        for (int bit = 0; bit < Letters.Length; bit++)
        {
            if (((ulong)value & (1UL << bit)) != 0 && Letters[bit] != ' ')
            {
                text.Append(Letters[bit]);
            }
        }

        return text.ToString();
    }
}
