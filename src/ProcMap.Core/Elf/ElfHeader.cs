using System;

namespace ProcMap.Elf;

/// <summary>
/// The ELF file header of a core (elf(5), include/uapi/linux/elf.h): class, machine, and where the
/// program headers are. Parsing checks everything the readers rely on, so a hostile file fails here,
/// with a message that says what it is, instead of deeper in.
/// </summary>
internal sealed class ElfHeader
{
    // include/uapi/linux/elf-em.h
    public const ushort EM_SPARC = 2;
    public const ushort EM_386 = 3;
    public const ushort EM_68K = 4;
    public const ushort EM_MIPS = 8;
    public const ushort EM_PARISC = 15;
    public const ushort EM_PPC = 20;
    public const ushort EM_PPC64 = 21;
    public const ushort EM_S390 = 22;
    public const ushort EM_ARM = 40;
    public const ushort EM_SH = 42;
    public const ushort EM_SPARCV9 = 43;
    public const ushort EM_X86_64 = 62;
    public const ushort EM_AARCH64 = 183;
    public const ushort EM_RISCV = 243;
    public const ushort EM_LOONGARCH = 258;
    public const ushort EM_ALPHA = 0x9026;

    /// <summary>ELFOSABI_FREEBSD in e_ident[EI_OSABI]: FreeBSD's imgact_elf.c __elfN(puthdr) brands its cores so.</summary>
    public const byte ELFOSABI_FREEBSD = 9;

    private const ushort ET_REL = 1;
    private const ushort ET_EXEC = 2;
    private const ushort ET_DYN = 3;
    private const ushort ET_CORE = 4;
    private const byte ELFCLASS32 = 1;
    private const byte ELFCLASS64 = 2;
    private const byte ELFDATA2LSB = 1;
    private const byte ELFDATA2MSB = 2;

    // More than 0xfffe program headers: e_phnum holds PN_XNUM and section header 0's sh_info the count
    // (elf(5); fs/binfmt_elf.c fill_extnum_info writes it for processes with that many mappings).
    private const ushort PN_XNUM = 0xffff;

    private ElfHeader(bool is64, ElfByteOrder order, ushort machine, uint flags, byte osAbi, ulong programHeaderOffset, ulong programHeaderCount)
    {
        Is64 = is64;
        Order = order;
        Machine = machine;
        Flags = flags;
        OsAbi = osAbi;
        ProgramHeaderOffset = programHeaderOffset;
        ProgramHeaderCount = programHeaderCount;
    }

    /// <summary>ELFCLASS64: words (pointers, longs, auxv entries) are 8 bytes; otherwise 4.</summary>
    public bool Is64 { get; }

    /// <summary>The bytes of one native word.</summary>
    public int WordSize => Is64 ? 8 : 4;

    /// <summary>e_ident[EI_DATA]: how every multi-byte field of the file is read.</summary>
    public ElfByteOrder Order { get; }

    /// <summary>e_machine.</summary>
    public ushort Machine { get; }

    /// <summary>e_flags (the kernel copies the executable's, qemu-user writes 0).</summary>
    public uint Flags { get; }

    /// <summary>e_ident[EI_OSABI]: ELFOSABI_NONE for Linux cores, ELFOSABI_FREEBSD for FreeBSD's.</summary>
    public byte OsAbi { get; }

    public ulong ProgramHeaderOffset { get; }

    public ulong ProgramHeaderCount { get; }

    public int ProgramHeaderSize => Is64 ? 56 : 32;

    /// <summary>Reads a native word of this file's class from <paramref name="bytes"/> at <paramref name="offset"/>.</summary>
    public ulong Word(ReadOnlySpan<byte> bytes, int offset) => Is64 ? Order.U64(bytes, offset) : Order.U32(bytes, offset);

    public static ElfHeader Parse(ElfWindow file)
    {
        long length = file.FileLength;
        if (length == 0)
        {
            throw new ElfFormatException(Messages.CoreEmpty);
        }

        file.TryRead(0, (int)Math.Min(length, 64), out var head);
        if (CompressionName(head) is (string format, string tool))
        {
            throw new ElfFormatException(Messages.CoreCompressed(format, tool));
        }

        if (head.Length < 16 || !head.StartsWith("\u007fELF"u8))
        {
            throw new ElfFormatException(Messages.CoreNotElf(length));
        }

        byte elfClass = head[4];
        if (elfClass is not (ELFCLASS32 or ELFCLASS64))
        {
            throw new ElfFormatException(Messages.CoreBadField("EI_CLASS", elfClass, "1 (32-bit) or 2 (64-bit)"));
        }

        bool is64 = elfClass == ELFCLASS64;
        if (head[5] is not (ELFDATA2LSB or ELFDATA2MSB))
        {
            throw new ElfFormatException(Messages.CoreBadField("EI_DATA", head[5], "1 (little-endian) or 2 (big-endian)"));
        }

        var order = head[5] == ELFDATA2MSB ? ElfByteOrder.Big : ElfByteOrder.Little;

        int headerSize = is64 ? 64 : 52;
        if (head.Length < headerSize)
        {
            throw new ElfFormatException(Messages.CoreRangePastEnd("the ELF header", 0, (ulong)headerSize, length));
        }

        ushort type = order.U16(head, 16);
        ushort machineCode = order.U16(head, 18);
        if (type != ET_CORE)
        {
            throw new ElfFormatException(Messages.CoreNotCore(type switch
            {
                ET_REL => "relocatable object (ET_REL)",
                ET_EXEC => "executable (ET_EXEC)",
                ET_DYN => "shared object or position-independent executable (ET_DYN)",
                _ => "file of type " + type.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }));
        }

        ulong phoff = is64 ? order.U64(head, 32) : order.U32(head, 28);
        ulong shoff = is64 ? order.U64(head, 40) : order.U32(head, 32);
        uint flags = order.U32(head, is64 ? 48 : 36);
        int at = is64 ? 54 : 42;
        ushort phentsize = order.U16(head, at);
        ushort phnum = order.U16(head, at + 2);
        ushort shentsize = order.U16(head, at + 4);
        int programHeaderSize = is64 ? 56 : 32;
        if (phentsize != programHeaderSize)
        {
            throw new ElfFormatException(Messages.CoreBadField("e_phentsize", phentsize, programHeaderSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        ulong count = phnum;
        if (phnum == PN_XNUM)
        {
            int sectionHeaderSize = is64 ? 64 : 40;
            if (shentsize != sectionHeaderSize)
            {
                throw new ElfFormatException(Messages.CoreBadField("e_shentsize", shentsize, sectionHeaderSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            var section0 = file.Read(shoff, sectionHeaderSize, "section header 0 (which holds the program header count)");
            count = order.U32(section0, is64 ? 44 : 28);
        }

        // The table must lie inside the file: this bounds every later loop by the file's length.
        ulong tableSize = count * (ulong)programHeaderSize;
        if (phoff > (ulong)length || tableSize > (ulong)length - phoff)
        {
            throw new ElfFormatException(Messages.CoreRangePastEnd("the program header table (" + count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " entries)", phoff, tableSize, length));
        }

        return new ElfHeader(is64, order, machineCode, flags, head[7], phoff, count);
    }

    /// <summary>systemd-coredump stores cores compressed (coredump.conf Compress=); tell them by their magic bytes.</summary>
    private static (string Format, string Tool)? CompressionName(ReadOnlySpan<byte> head)
    {
        ReadOnlySpan<byte> zstd = [0x28, 0xb5, 0x2f, 0xfd];
        ReadOnlySpan<byte> lz4 = [0x04, 0x22, 0x4d, 0x18];
        ReadOnlySpan<byte> xz = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
        ReadOnlySpan<byte> gzip = [0x1f, 0x8b];
        if (head.StartsWith(zstd))
        {
            return ("zstd", "zstd");
        }

        if (head.StartsWith(lz4))
        {
            return ("LZ4", "lz4");
        }

        if (head.StartsWith(xz))
        {
            return ("xz", "xz");
        }

        if (head.StartsWith(gzip))
        {
            return ("gzip", "gzip");
        }

        if (head.StartsWith("BZh"u8))
        {
            return ("bzip2", "bzip2");
        }

        return null;
    }

    /// <summary>e_machine values (include/uapi/linux/elf-em.h) a user is likely to meet, by name.</summary>
    internal static string MachineName(ushort machine) => machine switch
    {
        0 => "no machine (EM_NONE)",
        EM_SPARC => "SPARC",
        EM_386 => "i386",
        EM_68K => "Motorola 68000",
        EM_MIPS => "MIPS",
        EM_PARISC => "PA-RISC",
        EM_PPC => "PowerPC",
        EM_PPC64 => "PowerPC64",
        EM_S390 => "IBM S/390",
        EM_ARM => "ARM",
        EM_SH => "SuperH",
        EM_SPARCV9 => "SPARC64",
        50 => "IA-64",
        EM_X86_64 => "x86-64",
        EM_AARCH64 => "AArch64",
        EM_RISCV => "RISC-V",
        EM_LOONGARCH => "LoongArch",
        EM_ALPHA => "Alpha",
        _ => "machine " + machine.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
