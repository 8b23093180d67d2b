using System;
using System.Buffers.Binary;
using System.Collections;
using System.Linq;
using System.Threading;
using ProcMap.Elf;
using ProcMap.Sources;
using Xunit;

namespace ProcMap.Tests.CoreFile;

/// <summary>Cores built byte by byte: the 32-bit and AArch64 layouts, and every refusal at a known place.</summary>
public class SyntheticCoreTests
{
    internal static CoreSource Open(byte[] bytes) => CoreSource.Open(new ArrayCoreBytes(bytes), "test.core", CancellationToken.None);

    private static string Invalid(byte[] bytes)
    {
        var error = Assert.Throws<CoreFileInvalidException>(() => Open(bytes));
        Assert.Equal("test.core", error.Target);
        Assert.StartsWith("test.core is not a process core file ProcMap can read: ", error.Message, StringComparison.Ordinal);
        return error.Detail;
    }

    /// <summary>
    /// Every Linux ABI of Fixtures/cores/LAYOUTS.md, as the kernel's headers lay it out: class, machine,
    /// sizeof(struct elf_prstatus), m68k's 2-byte alignment of long, 32-bit __kernel_uid_t on 32-bit ABIs.
    /// Written independently of ProcMap's table, and each in both byte orders (the kernel writes a core
    /// in its process's order: ARM and MIPS run either way, ppc64 too).
    /// </summary>
    internal static readonly (string Name, bool Is64, ushort Machine, int PrStatus, bool M68k, bool WideIds)[] Abis =
    [
        ("x86-64", true, ElfHeader.EM_X86_64, 336, false, false),
        ("x32", false, ElfHeader.EM_X86_64, 296, false, false),
        ("i386", false, ElfHeader.EM_386, 144, false, false),
        ("AArch64", true, ElfHeader.EM_AARCH64, 392, false, false),
        ("ARM", false, ElfHeader.EM_ARM, 148, false, false),
        ("RISC-V 64", true, ElfHeader.EM_RISCV, 376, false, false),
        ("RISC-V 32", false, ElfHeader.EM_RISCV, 204, false, true),
        ("PowerPC64", true, ElfHeader.EM_PPC64, 504, false, false),
        ("PowerPC", false, ElfHeader.EM_PPC, 268, false, true),
        ("s390x", true, ElfHeader.EM_S390, 336, false, false),
        ("s390", false, ElfHeader.EM_S390, 224, false, false),
        ("MIPS o32", false, ElfHeader.EM_MIPS, 256, false, true),
        ("MIPS n32", false, ElfHeader.EM_MIPS, 440, false, true),
        ("MIPS n64", true, ElfHeader.EM_MIPS, 480, false, false),
        ("LoongArch 64", true, ElfHeader.EM_LOONGARCH, 480, false, false),
        ("SPARC64", true, ElfHeader.EM_SPARCV9, 408, false, false),
        ("m68k", false, ElfHeader.EM_68K, 154, true, false),
        ("SuperH", false, ElfHeader.EM_SH, 168, false, false),
        ("Alpha", true, ElfHeader.EM_ALPHA, 384, false, false),
    ];

    public static TheoryData<string, bool> AbisInBothOrders()
    {
        var data = new TheoryData<string, bool>();
        foreach (var abi in Abis)
        {
            data.Add(abi.Name, false);
            data.Add(abi.Name, true);
        }

        return data;
    }

    internal static SyntheticCore Core(string abiName, bool bigEndian)
    {
        var abi = Abis.Single(a => a.Name == abiName);
        return new SyntheticCore(abi.Is64, abi.Machine)
        {
            PrStatusSize = abi.PrStatus,
            LongAlignedTo2 = abi.M68k,
            WideIds = abi.WideIds,
            BigEndian = bigEndian,
        }.WithTypicalProcess();
    }

    [Theory]
    [MemberData(nameof(AbisInBothOrders))]
    public void Reads_every_supported_layout_in_either_byte_order(string abi, bool bigEndian)
    {
        var core = Core(abi, bigEndian);
        bool is64 = core.Is64;
        using var source = Open(core.Build());
        ulong text = is64 ? 0x555500000000UL : 0x08048000UL;

        Assert.Equal(100, source.ProcessId);
        var regions = source.ReadVmMap(100, false, CancellationToken.None).ToArray();
        Assert.Equal(5, regions.Length);
        Assert.Equal(new[] { "/bin/prog", "/bin/prog", "/bin/prog" }, regions.Take(3).Select(r => r.Path));
        Assert.Equal(new ulong?[] { 0, 0x1000, 0x3000 }, regions.Take(3).Select(r => r.Offset));
        Assert.Equal(text + 0x1000, regions[1].Start);
        Assert.Equal("r-x?", regions[1].Permissions);
        Assert.False(regions[1].Dumped);
        Assert.True(regions[0].Dumped);
        Assert.Equal(VmRegionKind.Vdso, regions[3].Kind);
        Assert.Equal(VmRegionKind.Stack, regions[4].Kind);
        Assert.Equal("rw-?", regions[4].Permissions);
        Assert.Null(regions[4].Offset);

        var process = Assert.Single(source.ReadProcesses(ProcessSelector.All, CancellationToken.None));
        Assert.Equal(1, process.ParentProcessId);
        Assert.Equal(100, process.ProcessGroupId);
        Assert.Equal(90, process.SessionId);
        Assert.Equal(1000u, process.RealUserId);
        Assert.Equal(100u, process.RealGroupId);
        Assert.Equal("prog", process.Name);
        Assert.Equal(ProcessState.Running, process.State);
        Assert.Equal(-5, process.Nice);
        Assert.Equal(2, process.ThreadCount);
        Assert.Equal(TimeSpan.FromSeconds(3.5), process.UserCpuTime);
        Assert.Equal(TimeSpan.FromSeconds(1.25), process.SystemCpuTime);
        Assert.Equal(11, process.CurrentSignal);
        Assert.Equal(0x100UL, process.PendingSignals);
        Assert.Equal(0x2UL, process.BlockedSignals);

        var threads = source.ReadProcesses(new ProcessSelector { IncludeThreads = true }, CancellationToken.None).ToArray();
        Assert.Equal(new int?[] { 100, 101 }, threads.Select(t => t.ThreadId));
        Assert.Null(threads[0].UserCpuTime);
        Assert.Equal(TimeSpan.FromSeconds(0.7), threads[1].UserCpuTime);
        Assert.Equal(TimeSpan.FromTicks(100), threads[1].SystemCpuTime);
        Assert.Null(threads[1].State);
        Assert.Equal(ProcessState.Running, threads[0].State);

        var arguments = source.ReadArguments(100, true, 0, CancellationToken.None).Arguments;
        Assert.Equal(new[] { "/bin/prog", "one", "two words", "" }, arguments.Arguments);
        Assert.Equal("/bin/prog one 'two words' ''", arguments.CommandLine);
        Assert.Equal(new[] { "HOME=/root", "LANG=C.UTF-8" }, arguments.Environment!.Cast<DictionaryEntry>().Select(e => $"{e.Key}={e.Value}"));
        Assert.False(arguments.Truncated);
    }

    [Fact]
    public void Reads_32_bit_ids_where_the_ABI_has_them()
    {
        // RISC-V 32's __kernel_uid_t is the generic unsigned int: a 128-byte elf_prpsinfo (ARM's is 124, 16-bit ids).
        var core = SyntheticCore.Typical(false, ElfHeader.EM_RISCV);
        core.Notes[1] = ("CORE", SyntheticCore.NT_PRPSINFO, core.PsInfo('S', 0, 70000, 70001, 100, 1, 100, 90, "prog", "prog", wideIdsOverride: true));
        using var source = Open(core.Build());
        var process = Assert.Single(source.ReadProcesses(ProcessSelector.All, CancellationToken.None));
        Assert.Equal(70000u, process.RealUserId);
        Assert.Equal(70001u, process.RealGroupId);
        Assert.Equal(ProcessState.Sleeping, process.State);
    }

    [Fact]
    public void Finds_argc_with_no_environment_and_with_no_arguments()
    {
        using (var source = Open(SyntheticCore.Typical(true, ElfHeader.EM_X86_64, new[] { "a", "b" }, Array.Empty<string>()).Build()))
        {
            var arguments = source.ReadArguments(100, true, 0, CancellationToken.None).Arguments;
            Assert.Equal(new[] { "a", "b" }, arguments.Arguments);
            Assert.Empty(arguments.Environment!);
        }

        using (var source = Open(SyntheticCore.Typical(true, ElfHeader.EM_X86_64, Array.Empty<string>(), new[] { "X=1" }).Build()))
        {
            var arguments = source.ReadArguments(100, true, 0, CancellationToken.None).Arguments;
            Assert.Empty(arguments.Arguments);
            Assert.Equal(string.Empty, arguments.CommandLine);
            Assert.Equal("1", arguments.Environment!["X"]);
        }
    }

    [Fact]
    public void A_stack_not_dumped_gives_psargs_without_its_final_space()
    {
        var core = SyntheticCore.Typical(true, ElfHeader.EM_X86_64);
        var stack = core.Loads[4];
        core.Loads[4] = stack with { Data = null };
        using var source = Open(core.Build());
        Assert.False(source.ReadVmMap(100, false, CancellationToken.None).Last().Dumped);

        var reading = source.ReadArguments(100, true, 0, CancellationToken.None);
        Assert.Equal(new[] { "/bin/prog one two words " }, reading.Arguments.Arguments);
        Assert.True(reading.Arguments.Truncated);
        Assert.IsType<CoreDataNotDumpedException>(reading.EnvironmentError);

        // nchr 4: three bytes and the NUL kvm writes over the fourth.
        Assert.Equal(new[] { "/bi" }, source.ReadArguments(100, false, 4, CancellationToken.None).Arguments.Arguments);
    }

    [Fact]
    public void A_core_cut_short_in_its_dumped_bytes_still_lists_and_marks_what_is_lost()
    {
        byte[] whole = SyntheticCore.Typical(true, ElfHeader.EM_X86_64).Build();
        byte[] cut = whole[..(whole.Length - 0x100)];
        using var source = Open(cut);
        var regions = source.ReadVmMap(100, false, CancellationToken.None).ToArray();
        Assert.Equal(5, regions.Length);
        Assert.False(regions[4].Dumped);
        Assert.True(regions[3].Dumped);
        Assert.True(source.ReadArguments(100, false, 0, CancellationToken.None).Arguments.Truncated);
    }

    [Fact]
    public void Refuses_what_is_not_a_little_endian_core_of_a_known_machine_and_says_what_it_is()
    {
        Assert.Equal("the file is empty.", Invalid(Array.Empty<byte>()));
        Assert.Contains("ELF magic", Invalid("#!/bin/sh\necho hi\n"u8.ToArray()), StringComparison.Ordinal);
        Assert.Contains("ELF magic", Invalid(new byte[] { 0x7f, 0x45 }), StringComparison.Ordinal);

        Assert.Contains("zstd-compressed", Invalid(new byte[] { 0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0 }), StringComparison.Ordinal);
        Assert.Contains("coredumpctl dump", Invalid(new byte[] { 0x04, 0x22, 0x4d, 0x18, 1 }), StringComparison.Ordinal);
        Assert.Contains("xz-compressed", Invalid(new byte[] { 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0 }), StringComparison.Ordinal);

        var core = SyntheticCore.Typical(true, ElfHeader.EM_X86_64);
        core.Type = 2;
        Assert.Contains("executable (ET_EXEC)", Invalid(core.Build()), StringComparison.Ordinal);
        core.Type = 3;
        Assert.Contains("ET_DYN", Invalid(core.Build()), StringComparison.Ordinal);
        core.Type = 4;

        core.Machine = 50;
        Assert.Contains("64-bit Linux core of IA-64, an architecture whose note layouts ProcMap does not know", Invalid(core.Build()), StringComparison.Ordinal);
        core.Machine = ElfHeader.EM_SPARC;
        Assert.Contains("Linux core of SPARC", Invalid(core.Build()), StringComparison.Ordinal);
        core.Machine = ElfHeader.EM_X86_64;

        byte[] unknownMipsAbi = SyntheticCore.Typical(false, ElfHeader.EM_MIPS).Build();
        Assert.Contains("is the struct elf_prstatus of no 32-bit MIPS ABI ProcMap knows (MIPS o32 256, MIPS n32 440)", Invalid(unknownMipsAbi), StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_core_with_no_process_notes()
    {
        var core = SyntheticCore.Typical(true, ElfHeader.EM_X86_64);
        core.Notes.Clear();
        core.Notes.Add(("GDB", 0x4744, new byte[8]));
        Assert.Contains("has no NT_PRPSINFO or NT_PRSTATUS note, so it is not the core of a process", Invalid(core.Build()), StringComparison.Ordinal);
    }

    [Fact]
    public void Names_a_kernel_crash_dump_whatever_the_order_of_its_segments()
    {
        // kdump's /proc/vmcore: one CORE NT_PRSTATUS per CPU and a VMCOREINFO note; elfutils' test vmcore
        // also lists its PT_LOADs out of address order.
        var core = SyntheticCore.Typical(true, ElfHeader.EM_X86_64);
        core.Notes.RemoveAll(note => note.Type != SyntheticCore.NT_PRSTATUS);
        core.Notes.Add(("VMCOREINFO", 0, System.Text.Encoding.ASCII.GetBytes("OSRELEASE=6.1.0\n")));
        var detail = Invalid(core.Build());
        Assert.Contains("Linux kernel crash dump (vmcore", detail, StringComparison.Ordinal);

        core.Loads.Reverse();
        Assert.Equal(detail, Invalid(core.Build()));
    }

    [Theory]
    [InlineData("NetBSD-CORE", "NetBSD process core")]
    [InlineData("NetBSD-CORE@1", "NetBSD process core")]
    [InlineData("OpenBSD", "OpenBSD process core")]
    public void Names_the_process_cores_of_other_systems(string owner, string what)
    {
        var core = SyntheticCore.Typical(true, ElfHeader.EM_X86_64);
        core.Notes.Clear();
        core.Notes.Add((owner, 1, new byte[64]));
        Assert.Contains(what, Invalid(core.Build()), StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_segments_out_of_address_order_in_address_order()
    {
        var core = SyntheticCore.Typical(true, ElfHeader.EM_X86_64);
        using var ordered = Open(core.Build());
        var expected = ordered.ReadVmMap(100, false, CancellationToken.None).Select(r => r.ToString()).ToArray();

        core.Loads.Reverse();
        using var reversed = Open(core.Build());
        var regions = reversed.ReadVmMap(100, false, CancellationToken.None).ToArray();

        Assert.Equal(expected, regions.Select(r => r.ToString()));
        Assert.Equal(regions.Select(r => r.Start).Order(), regions.Select(r => r.Start));
        Assert.Equal("/bin/prog", regions[0].Path);
    }

    [Fact]
    public void Names_each_structural_fault()
    {
        byte[] good = SyntheticCore.Typical(true, ElfHeader.EM_X86_64).Build();

        Assert.Contains("the ELF header", Invalid(good[..40]), StringComparison.Ordinal);
        Assert.Contains("program header table", Invalid(good[..100]), StringComparison.Ordinal);

        byte[] entrySize = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(entrySize.AsSpan(54), 40);
        Assert.Contains("e_phentsize is 40", Invalid(entrySize), StringComparison.Ordinal);

        byte[] tooMany = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(tooMany.AsSpan(56), 60000);
        Assert.Contains("60000 entries", Invalid(tooMany), StringComparison.Ordinal);

        // The first note's descriptor size (note segment at 64 + 6 * 56 = 400) pushed past the segment.
        byte[] note = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(note.AsSpan(404), 0xfffffff0);
        Assert.Contains("note 0 at offset 0x190", Invalid(note), StringComparison.Ordinal);

        // The note segment's size pushed past the end of the file.
        byte[] segment = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(segment.AsSpan(64 + 32), 1UL << 40);
        Assert.Contains("the note segment", Invalid(segment), StringComparison.Ordinal);

        // Two PT_LOADs that claim the same addresses: the second starts inside the first.
        byte[] overlap = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(overlap.AsSpan(64 + (2 * 56) + 16), 0x555500000800);
        Assert.Contains("program header 2 (PT_LOAD at 0x555500000800, 0x2000 bytes) overlaps another PT_LOAD", Invalid(overlap), StringComparison.Ordinal);

        // A PT_LOAD that wraps the address space.
        byte[] wraps = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(wraps.AsSpan(64 + (5 * 56) + 40), ulong.MaxValue);
        Assert.Contains("program header 5", Invalid(wraps), StringComparison.Ordinal);
    }

    [Fact]
    public void Names_each_fault_of_the_file_note()
    {
        var core = SyntheticCore.Typical(true, ElfHeader.EM_X86_64);
        byte[] files = core.Notes[3].Descriptor;

        var overflow = (byte[])files.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(overflow, ulong.MaxValue / 8);
        core.Notes[3] = ("CORE", SyntheticCore.NT_FILE, overflow);
        Assert.Contains("claims 2305843009213693951 mappings", Invalid(core.Build()), StringComparison.Ordinal);

        core.Notes[3] = ("CORE", SyntheticCore.NT_FILE, files[..^5]);
        Assert.Contains("no path for mapping 2 of 3", Invalid(core.Build()), StringComparison.Ordinal);

        var unordered = (byte[])files.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(unordered.AsSpan(16 + 24), 0x10);
        core.Notes[3] = ("CORE", SyntheticCore.NT_FILE, unordered);
        Assert.Contains("NT_FILE mapping 1", Invalid(core.Build()), StringComparison.Ordinal);

        var offset = (byte[])files.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(offset.AsSpan(16 + 16), ulong.MaxValue / 2);
        core.Notes[3] = ("CORE", SyntheticCore.NT_FILE, offset);
        Assert.Contains("overflows 64 bits", Invalid(core.Build()), StringComparison.Ordinal);

        core.Notes[3] = ("CORE", SyntheticCore.NT_FILE, new byte[8]);
        Assert.Contains("NT_FILE note is 8 bytes", Invalid(core.Build()), StringComparison.Ordinal);
    }

    [Fact]
    public void Names_process_notes_too_short_for_their_layout()
    {
        var core = SyntheticCore.Typical(true, ElfHeader.EM_X86_64);
        core.Notes[1] = ("CORE", SyntheticCore.NT_PRPSINFO, new byte[100]);
        Assert.Contains("NT_PRPSINFO note is 100 bytes, shorter than the 136", Invalid(core.Build()), StringComparison.Ordinal);

        core = SyntheticCore.Typical(false, ElfHeader.EM_386);
        core.Notes[0] = ("CORE", SyntheticCore.NT_PRSTATUS, new byte[50]);
        Assert.Contains("NT_PRSTATUS note is 50 bytes, shorter than the 72", Invalid(core.Build()), StringComparison.Ordinal);

        core = SyntheticCore.Typical(true, ElfHeader.EM_X86_64);
        core.Notes[2] = ("CORE", SyntheticCore.NT_AUXV, new byte[20]);
        Assert.Contains("NT_AUXV note is 20 bytes", Invalid(core.Build()), StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_the_program_header_count_from_section_zero_past_65534_headers()
    {
        byte[] good = SyntheticCore.Typical(true, ElfHeader.EM_X86_64).Build();

        // PN_XNUM: e_phnum 0xffff, the real count (6) in section header 0's sh_info, put at the file's end.
        byte[] extended = new byte[good.Length + 64];
        good.CopyTo(extended, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(extended.AsSpan(56), 0xffff);
        BinaryPrimitives.WriteUInt64LittleEndian(extended.AsSpan(40), (ulong)good.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(extended.AsSpan(good.Length + 44), 6);
        using var source = Open(extended);
        Assert.Equal(5, source.ReadVmMap(100, false, CancellationToken.None).Count());

        byte[] noSection = (byte[])extended.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(noSection.AsSpan(40), 1UL << 50);
        Assert.Contains("section header 0", Invalid(noSection), StringComparison.Ordinal);
    }

    [Fact]
    public void Falls_back_to_psargs_when_the_stack_has_not_the_exec_layout()
    {
        var core = SyntheticCore.Typical(true, ElfHeader.EM_X86_64);
        var stack = (byte[])core.Loads[4].Data!.Clone();
        byte[] auxv = core.Notes[2].Descriptor;
        int at = stack.AsSpan().IndexOf(auxv);

        // The word below the auxv is not the NULL that ends envp[].
        BinaryPrimitives.WriteUInt64LittleEndian(stack.AsSpan(at - 8), 0x1234);
        core.Loads[4] = core.Loads[4] with { Data = stack };
        using var source = Open(core.Build());
        var arguments = source.ReadArguments(100, false, 0, CancellationToken.None).Arguments;
        Assert.True(arguments.Truncated);
        Assert.Equal(new[] { "/bin/prog one two words " }, arguments.Arguments);
    }
}
