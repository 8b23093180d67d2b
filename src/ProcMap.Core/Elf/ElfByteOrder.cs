using System;
using System.Buffers.Binary;

namespace ProcMap.Elf;

/// <summary>
/// The byte order of one ELF file, from e_ident[EI_DATA] (elf(5)): ELFDATA2LSB or ELFDATA2MSB. A core is
/// written in its process's order, every multi-byte field of the ELF and program headers, of every note
/// header and descriptor, and every word of dumped memory (ppc64, s390x, MIPS, m68k, sparc64 cores are
/// big-endian). Every reader of a core's bytes reads through this, so the order is decided in one place.
/// </summary>
internal readonly struct ElfByteOrder
{
    public static readonly ElfByteOrder Little = new(bigEndian: false);

    public static readonly ElfByteOrder Big = new(bigEndian: true);

    private ElfByteOrder(bool bigEndian)
    {
        IsBigEndian = bigEndian;
    }

    public bool IsBigEndian { get; }

    public ushort U16(ReadOnlySpan<byte> bytes, int at) =>
        IsBigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(bytes[at..]);

    public short I16(ReadOnlySpan<byte> bytes, int at) => unchecked((short)U16(bytes, at));

    public uint U32(ReadOnlySpan<byte> bytes, int at) =>
        IsBigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]);

    public int I32(ReadOnlySpan<byte> bytes, int at) => unchecked((int)U32(bytes, at));

    public ulong U64(ReadOnlySpan<byte> bytes, int at) =>
        IsBigEndian ? BinaryPrimitives.ReadUInt64BigEndian(bytes[at..]) : BinaryPrimitives.ReadUInt64LittleEndian(bytes[at..]);

    /// <summary>An unsigned field of <paramref name="size"/> bytes (2, 4 or 8): uid_t widths and words differ by ABI.</summary>
    public ulong Unsigned(ReadOnlySpan<byte> bytes, int at, int size) => size switch
    {
        2 => U16(bytes, at),
        4 => U32(bytes, at),
        _ => U64(bytes, at),
    };

    /// <summary>A signed field of <paramref name="size"/> bytes (4 or 8): C long on ILP32 and LP64.</summary>
    public long Signed(ReadOnlySpan<byte> bytes, int at, int size) => size == 4 ? I32(bytes, at) : unchecked((long)U64(bytes, at));
}
