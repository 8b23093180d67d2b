using System;

namespace ProcMap.Elf;

/// <summary>One program header (Elf32_Phdr / Elf64_Phdr), the fields a core reader uses.</summary>
internal readonly record struct ElfSegment(uint Type, uint Flags, ulong Offset, ulong VirtualAddress, ulong FileSize, ulong MemorySize)
{
    public const uint PT_LOAD = 1;
    public const uint PT_NOTE = 4;

    public const uint PF_X = 1;
    public const uint PF_W = 2;
    public const uint PF_R = 4;

    /// <summary>The first address past the segment; callers check <see cref="Wraps"/> first.</summary>
    public ulong End => VirtualAddress + MemorySize;

    /// <summary>True when VirtualAddress + MemorySize passes 2^64 (only a corrupt header does that).</summary>
    public bool Wraps => MemorySize > ulong.MaxValue - VirtualAddress;

    /// <summary>
    /// True when the file holds the segment's bytes: p_filesz is non-zero (the kernel writes 0 for what
    /// coredump_filter or MADV_DONTDUMP excluded) and they lie inside the file (a core cut short by
    /// RLIMIT_CORE or a full disk loses its last segments).
    /// </summary>
    public bool HasData(long fileLength) =>
        FileSize > 0 && Offset <= (ulong)fileLength && FileSize <= (ulong)fileLength - Offset;

    public MemoryProtection Protection =>
        ((Flags & PF_R) != 0 ? MemoryProtection.Read : MemoryProtection.None)
        | ((Flags & PF_W) != 0 ? MemoryProtection.Write : MemoryProtection.None)
        | ((Flags & PF_X) != 0 ? MemoryProtection.Execute : MemoryProtection.None);

    public bool Contains(ulong address) => address >= VirtualAddress && address - VirtualAddress < MemorySize;

    /// <summary>Reads program header <paramref name="index"/> through <paramref name="window"/>.</summary>
    public static ElfSegment Read(ElfHeader header, ElfWindow window, ulong index)
    {
        int size = header.ProgramHeaderSize;
        var bytes = window.Read(header.ProgramHeaderOffset + (index * (ulong)size), size, "a program header");
        var order = header.Order;
        return header.Is64
            ? new ElfSegment(order.U32(bytes, 0), order.U32(bytes, 4), order.U64(bytes, 8), order.U64(bytes, 16), order.U64(bytes, 32), order.U64(bytes, 40))
            : new ElfSegment(order.U32(bytes, 0), order.U32(bytes, 24), order.U32(bytes, 4), order.U32(bytes, 8), order.U32(bytes, 16), order.U32(bytes, 20));
    }
}
