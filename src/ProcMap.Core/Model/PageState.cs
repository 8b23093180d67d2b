namespace ProcMap;

/// <summary>Where the pages of a physical region are, as /proc/PID/pagemap bits 63 and 62 tell it.</summary>
public enum PageState
{
    /// <summary>In RAM (pagemap bit 63): PhysicalStart gives the first frame when the kernel shows frames.</summary>
    Present,

    /// <summary>In swap (bit 62): SwapType and SwapOffset say where, when the kernel shows them.</summary>
    Swapped,

    /// <summary>
    /// Backed by nothing yet: never touched, or dropped. Guard regions (MADV_GUARD_INSTALL) are here too:
    /// the kernel marks their page table entries with the swap bit, but they hold no memory and no swap.
    /// </summary>
    NotPresent,
}
