using System;
using System.Buffers.Binary;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using ProcMap.Elf;
using ProcMap.FreeBsd;
using ProcMap.Sources;
using ProcMap.Tests.CoreFile;
using Xunit;

namespace ProcMap.Tests.FreeBsd;

/// <summary>
/// FreeBSD process cores built as sys/kern/imgact_elf.c writes them (no FreeBSD here to dump one):
/// ELFOSABI_FREEBSD, "FreeBSD" notes, each NT_PROCSTAT_* payload an int structsize and then the records
/// kern_proc_out and kern_proc_vmmap_out write, laid out from sys/sys/user.h for each ABI by
/// <see cref="FreeBsdStructs"/>, never from ProcMap's offset tables; argv and the environment on a
/// dumped stack that NT_PROCSTAT_PSSTRINGS points into through struct ps_strings (sys/sys/exec.h).
/// </summary>
public class FreeBsdCoreTests
{
    // sys/sys/elf_common.h
    internal const uint NT_PRPSINFO = 3;
    internal const uint NT_PROCSTAT_PROC = 8;
    internal const uint NT_PROCSTAT_VMMAP = 10;
    internal const uint NT_PROCSTAT_PSSTRINGS = 15;
    internal const uint NT_PROCSTAT_AUXV = 16;

    public static TheoryData<string> Abis()
    {
        var data = new TheoryData<string>();
        foreach (var abi in FreeBsdAbi.All)
        {
            data.Add(abi.Name);
        }

        return data;
    }

    internal static FreeBsdAbi Abi(string name) => FreeBsdAbi.All.Single(a => a.Name == name);

    /// <summary>A FreeBSD core of one process with two threads, three mappings, a dumped stack with argv and environ.</summary>
    internal static SyntheticCore Build(FreeBsdAbi abi, Action<List<(uint Type, byte[] Payload, int StructSize)>>? change = null)
    {
        var core = new SyntheticCore(abi.Is64, abi.Machine) { OsAbi = 9 };
        int w = abi.Is64 ? 8 : 4;
        ulong stack = abi.Is64 ? 0x7fffffffe000UL : 0xbfbfe000UL;
        const int StackSize = 0x2000;
        var bytes = new byte[StackSize];
        string[] argv = ["/bin/sleep", "", "two words", "60"];
        string[] envp = ["HOME=/root", "EMPTY=", "PATH=/bin:/usr/bin"];

        // Strings at the top, then the pointer arrays, then struct ps_strings just below the top
        // (PS_STRINGS is USRSTACK - sizeof(struct ps_strings)).
        int psAt = StackSize - (4 * w);
        int at = 0x1000;
        ulong[] Put(string[] strings)
        {
            var addresses = new ulong[strings.Length];
            for (int i = 0; i < strings.Length; i++)
            {
                addresses[i] = stack + (ulong)at;
                byte[] s = Encoding.UTF8.GetBytes(strings[i] + "\0");
                s.CopyTo(bytes, at);
                at += s.Length;
            }

            return addresses;
        }

        ulong[] argAddresses = Put(argv);
        ulong[] envAddresses = Put(envp);
        void Word(int offset, ulong value)
        {
            if (w == 8)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(offset), value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), (uint)value);
            }
        }

        int argvAt = 0x800;
        int envpAt = argvAt + ((argv.Length + 1) * w);
        for (int i = 0; i < argv.Length; i++)
        {
            Word(argvAt + (i * w), argAddresses[i]);
        }

        for (int i = 0; i < envp.Length; i++)
        {
            Word(envpAt + (i * w), envAddresses[i]);
        }

        Word(psAt, stack + (ulong)argvAt);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(psAt + w), (uint)argv.Length);
        Word(psAt + (2 * w), stack + (ulong)envpAt);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(psAt + (3 * w)), (uint)envp.Length);

        ulong text = abi.Is64 ? 0x200000UL : 0x8048000UL;
        core.Loads.Add(new SyntheticCore.Segment(text + 0x1000, 0x1000, 6, new byte[0x1000]));
        core.Loads.Add(new SyntheticCore.Segment(stack, StackSize, 6, bytes));

        var proc = KinfoFixtures.Concat(
            KinfoFixtures.Proc(new KinfoProc { Pid = 4321, Ppid = 1, Pgid = 4321, Sid = 4000, Command = "sleep", ThreadName = "sleep", Tid = 100_200, ThreadCount = 2, Stat = 3 }, abi),
            KinfoFixtures.Proc(new KinfoProc { Pid = 4321, Ppid = 1, Pgid = 4321, Sid = 4000, Command = "sleep", ThreadName = "worker", Tid = 100_201, ThreadCount = 2, Stat = 3 }, abi));
        var vmmap = KinfoFixtures.Concat(
            KinfoFixtures.Packed(new VmEntry { Type = 2, Start = text, End = text + 0x1000, Protection = 5, Path = "/bin/sleep", Status = 1, FileId = 77, Fsid = 0x5a00ff01, Flags = 1, Resident = 1 }),
            KinfoFixtures.Packed(new VmEntry { Type = 2, Start = text + 0x1000, End = text + 0x2000, Protection = 3, Path = "/bin/sleep", Flags = 1 }),
            KinfoFixtures.Packed(new VmEntry { Type = 3, Start = stack, End = stack + StackSize, Protection = 3, Flags = 0x20, Resident = 2 }));
        var psStrings = new byte[w];
        var auxv = new byte[4 * w];
        if (w == 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(psStrings, stack + (ulong)psAt);
            BinaryPrimitives.WriteUInt64LittleEndian(auxv, 6);
            BinaryPrimitives.WriteUInt64LittleEndian(auxv.AsSpan(8), 8192);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(psStrings, (uint)(stack + (ulong)psAt));
            BinaryPrimitives.WriteUInt32LittleEndian(auxv, 6);
            BinaryPrimitives.WriteUInt32LittleEndian(auxv.AsSpan(4), 8192);
        }

        var notes = new List<(uint Type, byte[] Payload, int StructSize)>
        {
            (NT_PROCSTAT_PROC, proc, FreeBsdStructs.KinfoProcOf(abi).Size),
            (NT_PROCSTAT_VMMAP, vmmap, FreeBsdStructs.KinfoVmentry.Size),
            (NT_PROCSTAT_PSSTRINGS, psStrings, w),
            (NT_PROCSTAT_AUXV, auxv, 2 * w),
        };
        change?.Invoke(notes);
        foreach (var (type, payload, structSize) in notes)
        {
            var descriptor = new byte[4 + payload.Length];
            BinaryPrimitives.WriteInt32LittleEndian(descriptor, structSize);
            payload.CopyTo(descriptor, 4);
            core.Notes.Add(("FreeBSD", type, descriptor));
        }

        return core;
    }

    internal static CoreSource Open(byte[] bytes) => CoreSource.Open(new ArrayCoreBytes(bytes), "freebsd.core", CancellationToken.None);

    private static string Invalid(byte[] bytes) => Assert.Throws<CoreFileInvalidException>(() => Open(bytes).Dispose()).Detail;

    [Fact]
    public void The_decoders_offset_tables_are_the_headers_for_every_abi()
    {
        foreach (var (abi, table) in new[] { (FreeBsdAbi.Amd64, KinfoProcAbi.Lp64), (FreeBsdAbi.Arm64, KinfoProcAbi.Lp64), (FreeBsdAbi.I386, KinfoProcAbi.I386), (FreeBsdAbi.Armv7, KinfoProcAbi.Armv7) })
        {
            var p = FreeBsdStructs.KinfoProcOf(abi);
            Assert.Equal(p.Size, table.Size);
            Assert.Equal(abi.Long, table.LongSize);
            Assert.Equal(abi.Time, table.TimeSize);
            Assert.Equal(abi.TimevalSize, table.TimevalSize);
            Assert.Equal(p["ki_pid"], table.ProcessId);
            Assert.Equal(p["ki_ppid"], table.ParentProcessId);
            Assert.Equal(p["ki_pgid"], table.ProcessGroupId);
            Assert.Equal(p["ki_sid"], table.SessionId);
            Assert.Equal(p["ki_siglist"], table.PendingSignals);
            Assert.Equal(p["ki_sigmask"], table.BlockedSignals);
            Assert.Equal(p["ki_sigignore"], table.IgnoredSignals);
            Assert.Equal(p["ki_sigcatch"], table.CaughtSignals);
            Assert.Equal(p["ki_uid"], table.UserId);
            Assert.Equal(p["ki_ruid"], table.RealUserId);
            Assert.Equal(p["ki_svuid"], table.SavedUserId);
            Assert.Equal(p["ki_rgid"], table.RealGroupId);
            Assert.Equal(p["ki_ngroups"], table.GroupCount);
            Assert.Equal(p["ki_groups"], table.Groups);
            Assert.Equal(p["ki_size"], table.VirtualSize);
            Assert.Equal(p["ki_rssize"], table.ResidentPages);
            Assert.Equal(p["ki_start"], table.Start);
            Assert.Equal(p["ki_kiflag"], table.KiFlags);
            Assert.Equal(p["ki_stat"], table.State);
            Assert.Equal(p["ki_nice"], table.Nice);
            Assert.Equal(p["ki_tdname"], table.ThreadName);
            Assert.Equal(p["ki_wmesg"], table.WaitMessage);
            Assert.Equal(p["ki_lockname"], table.LockName);
            Assert.Equal(p["ki_comm"], table.Command);
            Assert.Equal(p["ki_moretdname"], table.MoreThreadName);
            Assert.Equal(p["ki_tdev"], table.TtyDevice);
            Assert.Equal(p["ki_lastcpu"], table.LastCpu);
            Assert.Equal(p["ki_numthreads"], table.ThreadCount);
            Assert.Equal(p["ki_tid"], table.ThreadId);
            Assert.Equal(p["ki_pri"], table.Priority);
            Assert.Equal(p["ki_rusage"], table.UserTime);
            Assert.Equal(p["ki_rusage"] + abi.TimevalSize, table.SystemTime);
            Assert.Equal(p["ki_tdflags"], table.ThreadFlags);
        }

        // KINFO_PROC_SIZE (sys/amd64/include/proc.h and friends; KINFO_PROC32_SIZE for the 32-bit ones).
        Assert.Equal(new[] { 1088, 1088, 768, 816 }, FreeBsdAbi.All.Select(a => FreeBsdStructs.KinfoProcOf(a).Size));
    }

    [Fact]
    public void The_tables_are_what_each_abis_compiler_laid_out()
    {
        // layout-check/generated.md: sys/sys/user.h transcribed to C and laid out by gcc for each psABI.
        string generated = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "freebsd", "layout-check", "generated.md"));
        string table = generated[generated.IndexOf("### struct kinfo_proc", StringComparison.Ordinal)..generated.IndexOf("### struct kinfo_vmentry", StringComparison.Ordinal)];
        var rows = table.Split('\n').Where(l => l.StartsWith("| ki_", StringComparison.Ordinal))
            .ToDictionary(l => l.Split('|')[1].Trim(), l => l.Split('|')[2..6].Select(c => int.Parse(c.Trim().Split('/')[0], System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        int column = 0;
        foreach (var abi in FreeBsdAbi.All)
        {
            var p = FreeBsdStructs.KinfoProcOf(abi);
            foreach (var (field, offsets) in rows)
            {
                Assert.True(offsets[column] == p[field], $"{abi.Name} {field}: gcc {offsets[column]}, transcription {p[field]}");
            }

            column++;
        }
    }

    [Theory]
    [MemberData(nameof(Abis))]
    public void Reads_the_process_and_its_threads_from_NT_PROCSTAT_PROC(string name)
    {
        using var source = Open(Build(Abi(name)).Build());
        Assert.IsType<FreeBsdCoreSource>(source);
        Assert.Equal(4321, source.ProcessId);
        var process = Assert.Single(source.ReadProcesses(ProcessSelector.All, CancellationToken.None));
        Assert.Equal(4321, process.ProcessId);
        Assert.Null(process.ThreadId);
        Assert.Equal(1, process.ParentProcessId);
        Assert.Equal(4321, process.ProcessGroupId);
        Assert.Equal(4000, process.SessionId);
        Assert.Equal(1001u, process.UserId);
        Assert.Equal(1002u, process.RealUserId);
        Assert.Equal(1003u, process.SavedUserId);
        Assert.Equal(20u, process.RealGroupId);
        Assert.Equal("sleep", process.Name);
        Assert.Equal(ProcessState.Sleeping, process.State);
        Assert.Equal(2, process.ThreadCount);
        Assert.Equal(12_345_678UL, process.VirtualSize);

        // ki_rssize pages of the core's AT_PAGESZ (NT_PROCSTAT_AUXV).
        Assert.Equal(300UL * 8192, process.ResidentSize);
        Assert.Equal(TimeSpan.FromSeconds(2.5), process.UserCpuTime);
        Assert.Equal(TimeSpan.FromMilliseconds(1), process.SystemCpuTime);
        Assert.Equal(DateTime.UnixEpoch.AddSeconds(1_700_000_000.25).ToLocalTime(), process.StartTime);
        Assert.Equal(120, process.Priority);

        var threads = source.ReadProcesses(new ProcessSelector { IncludeThreads = true }, CancellationToken.None).ToArray();
        Assert.Equal(new int?[] { 100_200, 100_201 }, threads.Select(t => t.ThreadId));
        Assert.Equal(new[] { "sleep", "worker" }, threads.Select(t => t.Name));
        Assert.Empty(source.ReadProcesses(new ProcessSelector { UserIds = [0] }, CancellationToken.None));
        Assert.Throws<ProcessNotFoundException>(() => source.ReadProcesses(new ProcessSelector { ProcessIds = [1] }, CancellationToken.None).ToArray());
    }

    [Theory]
    [MemberData(nameof(Abis))]
    public void Reads_the_mappings_from_NT_PROCSTAT_VMMAP_as_procstat_v_does(string name)
    {
        using var source = Open(Build(Abi(name)).Build());
        var regions = source.ReadVmMap(4321, false, CancellationToken.None).ToArray();
        Assert.Equal(3, regions.Length);
        Assert.Equal(new[] { "/bin/sleep", "/bin/sleep", null }, regions.Select(r => r.Path));
        Assert.Equal("r-xp", regions[0].Permissions);
        Assert.Equal(VmRegionKind.Stack, regions[2].Kind);
        Assert.Equal(77UL, regions[0].Inode);
        Assert.Equal(1, regions[0].FreeBsd!.ResidentPages);
        Assert.Equal(VmObjectType.Swap, regions[2].FreeBsd!.ObjectType);

        // The text was not written (FreeBSD dumps writable segments), the data and the stack were.
        Assert.Equal(new bool?[] { false, true, true }, regions.Select(r => r.Dumped));
    }

    [Theory]
    [MemberData(nameof(Abis))]
    public void Reads_argv_and_the_environment_through_ps_strings_in_the_dumped_stack(string name)
    {
        using var source = Open(Build(Abi(name)).Build());
        var reading = source.ReadArguments(4321, includeEnvironment: true, maxChars: 0, CancellationToken.None);
        Assert.Null(reading.EnvironmentError);
        Assert.Equal(new[] { "/bin/sleep", "", "two words", "60" }, reading.Arguments.Arguments);
        Assert.Equal("/bin/sleep '' 'two words' 60", reading.Arguments.CommandLine);
        Assert.Equal("sleep", reading.Arguments.Name);
        Assert.Equal(new[] { "HOME=/root", "EMPTY=", "PATH=/bin:/usr/bin" }, reading.Arguments.Environment!.Cast<DictionaryEntry>().Select(e => $"{e.Key}={e.Value}"));
        Assert.False(reading.Arguments.Truncated);

        var cut = source.ReadArguments(4321, includeEnvironment: false, maxChars: 12, CancellationToken.None).Arguments;
        Assert.Equal(new[] { "/bin/sleep", "" }, cut.Arguments);
        Assert.True(cut.Truncated);
    }

    [Theory]
    [MemberData(nameof(Abis))]
    public void A_structsize_of_another_layout_is_named_for_what_it_is(string name)
    {
        var abi = Abi(name);
        string detail = Invalid(Build(abi, notes => notes[0] = (notes[0].Type, notes[0].Payload, abi.Is64 ? 816 : 1088)).Build());
        Assert.Contains("NT_PROCSTAT_PROC note says its records are", detail, StringComparison.Ordinal);
        detail = Invalid(Build(abi, notes => notes[1] = (notes[1].Type, notes[1].Payload, 1152)).Build());
        Assert.Contains("NT_PROCSTAT_VMMAP note says its records are 1152 bytes, but a kinfo_vmentry of this core's ABI is 1160", detail, StringComparison.Ordinal);
        detail = Invalid(Build(abi, notes => notes[2] = (notes[2].Type, notes[2].Payload, 12)).Build());
        Assert.Contains("NT_PROCSTAT_PSSTRINGS", detail, StringComparison.Ordinal);
        detail = Invalid(Build(abi, notes => notes[2] = (notes[2].Type, Array.Empty<byte>(), abi.Is64 ? 8 : 4)).Build());
        Assert.Contains("NT_PROCSTAT_PSSTRINGS note is 4 bytes", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_core_without_a_kinfo_proc_or_of_another_machine_is_refused_by_name()
    {
        Assert.Contains("without an NT_PROCSTAT_PROC", Invalid(Build(FreeBsdAbi.Amd64, notes => notes.RemoveAt(0)).Build()), StringComparison.Ordinal);
        var core = Build(FreeBsdAbi.Amd64);
        core.Machine = ElfHeader.EM_RISCV;
        Assert.Contains("64-bit FreeBSD core of RISC-V; ProcMap reads FreeBSD cores of amd64, arm64, i386 and armv7", Invalid(core.Build()), StringComparison.Ordinal);
        var truncated = Build(FreeBsdAbi.Amd64, notes => notes[0] = (notes[0].Type, notes[0].Payload[..100], notes[0].StructSize)).Build();
        Assert.Contains("its NT_PROCSTAT_PROC note does not hold the records its structsize promises: record 0 at byte 0 gives ki_structsize 1088", Invalid(truncated), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_dumped_stack_the_arguments_are_unknown_and_the_environment_is_not_dumped()
    {
        var core = Build(FreeBsdAbi.Amd64);
        core.Loads[1] = core.Loads[1] with { Data = null };
        using var source = Open(core.Build());
        var reading = source.ReadArguments(4321, includeEnvironment: true, maxChars: 0, CancellationToken.None);
        Assert.Empty(reading.Arguments.Arguments);
        Assert.True(reading.Arguments.Truncated);
        Assert.IsType<CoreDataNotDumpedException>(reading.EnvironmentError);
    }
}
