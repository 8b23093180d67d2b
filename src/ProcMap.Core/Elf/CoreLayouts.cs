using System;
using System.Collections.Generic;

namespace ProcMap.Elf;

/// <summary>
/// Where one ABI's struct elf_prstatus keeps the fields ProcMap reads (include/linux/elfcore.h
/// elf_prstatus_common; include/linux/elfcore-compat.h for a 32-bit process dumped by a 64-bit kernel).
/// Everything before pr_reg follows from the size and alignment of C long; pr_reg's size, which moves
/// only pr_fpvalid and the total, is the architecture's elf_gregset_t.
/// </summary>
/// <param name="LongSize">sizeof(long): pr_sigpend and pr_sighold.</param>
/// <param name="SignalsAt">offsetof(pr_sigpend); pr_sighold follows.</param>
/// <param name="ThreadIdAt">offsetof(pr_pid); pr_ppid, pr_pgrp and pr_sid follow, 4 bytes each.</param>
/// <param name="TimesAt">offsetof(pr_utime); pr_stime, pr_cutime, pr_cstime follow.</param>
/// <param name="TimeFieldSize">The size of tv_sec and of tv_usec (compat's old_timeval32 has 4-byte fields, x32 too).</param>
/// <param name="Size">sizeof(struct elf_prstatus): what the note's descriptor holds.</param>
internal sealed record PrStatusLayout(int LongSize, int SignalsAt, int ThreadIdAt, int TimesAt, int TimeFieldSize, int Size)
{
    /// <summary>The bytes through pr_cstime, all that ProcMap reads.</summary>
    public int Prefix => TimesAt + (8 * TimeFieldSize);

    // The four ways include/linux/elfcore.h lays out the common part: LP64; ILP32 (and the compat
    // layouts, which elfcore-compat.h keeps byte-for-byte equal to it); m68k, whose ABI aligns long to 2.
    public static PrStatusLayout Lp64(int size) => new(8, 16, 32, 48, 8, size);

    public static PrStatusLayout Ilp32(int size) => new(4, 16, 24, 40, 4, size);

    public static PrStatusLayout M68k(int size) => new(4, 14, 22, 38, 4, size);
}

/// <summary>
/// Where one ABI's struct elf_prpsinfo keeps its fields (include/linux/elfcore.h): four chars, unsigned
/// long pr_flag, __kernel_uid_t pr_uid and pr_gid, four pid_t, pr_fname[16], pr_psargs[ELF_PRARGSZ].
/// </summary>
/// <param name="UserIdAt">offsetof(pr_uid); pr_gid follows.</param>
/// <param name="IdSize">sizeof(__kernel_uid_t): 2 on the ABIs that kept 16-bit ids for it, else 4.</param>
/// <param name="ProcessIdAt">offsetof(pr_pid); pr_ppid, pr_pgrp, pr_sid follow, then pr_fname and pr_psargs.</param>
/// <param name="Size">sizeof(struct elf_prpsinfo).</param>
internal sealed record PrPsInfoLayout(int UserIdAt, int IdSize, int ProcessIdAt, int Size)
{
    public const int FnameSize = 16;

    public const int PsArgsSize = 80;

    public int FnameAt => ProcessIdAt + 16;

    public int PsArgsAt => FnameAt + FnameSize;

    /// <summary>LP64: pr_flag is 8 bytes, ids unsigned int.</summary>
    public static readonly PrPsInfoLayout Lp64 = new(16, 4, 24, 136);

    /// <summary>ILP32 with unsigned int ids (include/uapi/asm-generic/posix_types.h).</summary>
    public static readonly PrPsInfoLayout Ilp32 = new(8, 4, 16, 128);

    /// <summary>ILP32 where __kernel_uid_t (or __compat_uid_t) is unsigned short.</summary>
    public static readonly PrPsInfoLayout Ilp32Uid16 = new(8, 2, 12, 124);
}

/// <summary>
/// One architecture ABI whose Linux process cores ProcMap reads: how e_machine and the ELF class name
/// it, and its two layouts. Tests/Unit/Fixtures/cores/LAYOUTS.md has every number with the header line
/// it comes from, checked by a compiler and by real cores.
/// </summary>
/// <param name="Name">As a user knows the ABI.</param>
/// <param name="Machine">e_machine.</param>
/// <param name="Is64">ELFCLASS64.</param>
/// <param name="PrStatus">NT_PRSTATUS.</param>
/// <param name="PrPsInfo">NT_PRPSINFO.</param>
/// <param name="StandardStack">
/// False where create_elf_tables lays out the initial stack otherwise (PA-RISC, the one
/// CONFIG_STACK_GROWSUP architecture): argv and the environment are not looked for there.
/// </param>
internal sealed record CoreLayout(string Name, ushort Machine, bool Is64, PrStatusLayout PrStatus, PrPsInfoLayout PrPsInfo, bool StandardStack = true)
{
    private static readonly CoreLayout[] Table =
    [
        // pr_reg: arch/x86/include/asm/elf.h ELF_NGREG = sizeof(user_regs_struct) / sizeof(long): 27 x 8.
        new("x86-64", ElfHeader.EM_X86_64, true, PrStatusLayout.Lp64(336), PrPsInfoLayout.Lp64),

        // x32: compat_elf_prstatus with old_timeval32 times and the 64-bit user_regs_struct as
        // compat_elf_gregset_t (arch/x86/include/asm/elfcore-compat.h), 8-aligned: 296 (PRSTATUS_SIZE);
        // __compat_uid_t is u16 (arch/x86/include/asm/compat.h).
        new("x32", ElfHeader.EM_X86_64, false, PrStatusLayout.Ilp32(296), PrPsInfoLayout.Ilp32Uid16),

        // i386: 17 x 4 registers; __kernel_uid_t unsigned short (arch/x86/include/uapi/asm/posix_types_32.h).
        new("i386", ElfHeader.EM_386, false, PrStatusLayout.Ilp32(144), PrPsInfoLayout.Ilp32Uid16),

        // arch/arm64/include/asm/elf.h: user_pt_regs, 34 x 8.
        new("AArch64", ElfHeader.EM_AARCH64, true, PrStatusLayout.Lp64(392), PrPsInfoLayout.Lp64),

        // arch/arm/include/asm/elf.h: pt_regs, 18 x 4 (arm64's compat: COMPAT_ELF_NGREG 18); 16-bit ids
        // (arch/arm/include/uapi/asm/posix_types.h).
        new("ARM", ElfHeader.EM_ARM, false, PrStatusLayout.Ilp32(148), PrPsInfoLayout.Ilp32Uid16),

        // arch/riscv/include/uapi/asm/elf.h: user_regs_struct, 32 registers of the word size.
        new("RISC-V 64", ElfHeader.EM_RISCV, true, PrStatusLayout.Lp64(376), PrPsInfoLayout.Lp64),
        new("RISC-V 32", ElfHeader.EM_RISCV, false, PrStatusLayout.Ilp32(204), PrPsInfoLayout.Ilp32),

        // arch/powerpc/include/uapi/asm/elf.h: ELF_NGREG 48 (elf_gregset_t64 / elf_gregset_t32).
        new("PowerPC64", ElfHeader.EM_PPC64, true, PrStatusLayout.Lp64(504), PrPsInfoLayout.Lp64),
        new("PowerPC", ElfHeader.EM_PPC, false, PrStatusLayout.Ilp32(268), PrPsInfoLayout.Ilp32),

        // arch/s390/include/asm/elf.h: s390_regs (216 bytes); 31-bit: s390_compat_regs (140, 8-aligned:
        // 144, arch/s390/include/asm/compat.h) and 16-bit ids (arch/s390/include/uapi/asm/posix_types.h).
        new("s390x", ElfHeader.EM_S390, true, PrStatusLayout.Lp64(336), PrPsInfoLayout.Lp64),
        new("s390", ElfHeader.EM_S390, false, PrStatusLayout.Ilp32(224), PrPsInfoLayout.Ilp32Uid16),

        // arch/mips/include/asm/elf.h: ELF_NGREG 45 of unsigned long. o32 (on 64-bit kernels
        // o32_elf_prstatus) has 4-byte registers; n32 keeps the 64-bit elf_gregset_t
        // (arch/mips/include/asm/elfcore-compat.h) with 32-bit longs. Both are ELFCLASS32 EM_MIPS and
        // qemu-user writes e_flags 0, so the NT_PRSTATUS size tells them apart.
        new("MIPS o32", ElfHeader.EM_MIPS, false, PrStatusLayout.Ilp32(256), PrPsInfoLayout.Ilp32),
        new("MIPS n32", ElfHeader.EM_MIPS, false, PrStatusLayout.Ilp32(440), PrPsInfoLayout.Ilp32),
        new("MIPS n64", ElfHeader.EM_MIPS, true, PrStatusLayout.Lp64(480), PrPsInfoLayout.Lp64),

        // arch/loongarch/include/asm/elf.h: ELF_NGREG 45 x 8.
        new("LoongArch 64", ElfHeader.EM_LOONGARCH, true, PrStatusLayout.Lp64(480), PrPsInfoLayout.Lp64),

        // arch/sparc/include/asm/elf_64.h: ELF_NGREG 36 x 8.
        new("SPARC64", ElfHeader.EM_SPARCV9, true, PrStatusLayout.Lp64(408), PrPsInfoLayout.Lp64),

        // arch/m68k/include/asm/elf.h: user_regs_struct, 20 x 4; 16-bit ids
        // (arch/m68k/include/uapi/asm/posix_types.h); longs 2-aligned.
        new("m68k", ElfHeader.EM_68K, false, PrStatusLayout.M68k(154), PrPsInfoLayout.Ilp32Uid16),

        // arch/sh/include/asm/elf.h: pt_regs, 23 x 4; 16-bit ids (arch/sh/include/uapi/asm/posix_types_32.h).
        new("SuperH", ElfHeader.EM_SH, false, PrStatusLayout.Ilp32(168), PrPsInfoLayout.Ilp32Uid16),

        // arch/alpha/include/asm/elf.h: ELF_NGREG 33 x 8.
        new("Alpha", ElfHeader.EM_ALPHA, true, PrStatusLayout.Lp64(384), PrPsInfoLayout.Lp64),

        // arch/parisc/include/asm/elf.h: ELF_NGREG 80 x 4; the stack grows up (CONFIG_STACK_GROWSUP).
        new("PA-RISC", ElfHeader.EM_PARISC, false, PrStatusLayout.Ilp32(396), PrPsInfoLayout.Ilp32, StandardStack: false),
    ];

    /// <summary>Every ABI in the table (tests check each row against LAYOUTS.md and real cores).</summary>
    public static IReadOnlyList<CoreLayout> All => Table;

    /// <summary>
    /// The ABI of a core of <paramref name="header"/>'s machine and class; where two ABIs share both
    /// (MIPS o32 and n32), the one whose elf_prstatus is <paramref name="prStatusSize"/> bytes (null: the
    /// core has no NT_PRSTATUS, and the first is as good as any, their prpsinfo being the same). Throws
    /// <see cref="ElfFormatException"/> naming the machine when no ABI fits.
    /// </summary>
    public static CoreLayout For(ElfHeader header, uint? prStatusSize)
    {
        CoreLayout? first = null;
        int candidates = 0;
        foreach (var layout in Table)
        {
            if (layout.Machine != header.Machine || layout.Is64 != header.Is64)
            {
                continue;
            }

            candidates++;
            first ??= layout;
            if (prStatusSize == (uint)layout.PrStatus.Size)
            {
                return layout;
            }
        }

        if (first is null)
        {
            throw new ElfFormatException(Messages.CoreUnsupportedMachine(ElfHeader.MachineName(header.Machine), header.Is64 ? 64 : 32));
        }

        if (candidates == 1 || prStatusSize is null)
        {
            return first;
        }

        throw new ElfFormatException(Messages.CorePrStatusSizeUnknown(ElfHeader.MachineName(header.Machine), header.Is64 ? 64 : 32, prStatusSize.Value, Sizes(header)));
    }

    private static string Sizes(ElfHeader header)
    {
        var sizes = new List<string>();
        foreach (var layout in Table)
        {
            if (layout.Machine == header.Machine && layout.Is64 == header.Is64)
            {
                sizes.Add(layout.Name + " " + layout.PrStatus.Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return string.Join(", ", sizes);
    }
}
