using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using ProcMap.Elf;
using ProcMap.Sources;
using Xunit;

namespace ProcMap.Tests.CoreFile;

/// <summary>
/// The real cores of Fixtures/cores (the kernel's, gdb's gcore and qemu-user's, of 15 ABIs in
/// both byte orders), read through ProcMap and compared field by field with what eu-readelf and gdb
/// printed when the cores were made, and with the subject's known argv and environment.
/// </summary>
public class RealCoreTests
{
    public static TheoryData<string> Cores()
    {
        var data = new TheoryData<string>();
        foreach (var core in RecordedCore.All)
        {
            data.Add(core.Name);
        }

        return data;
    }

    internal static CoreSource Open(RecordedCore core) =>
        CoreSource.Open(new ArrayCoreBytes(core.Bytes), core.Name, CancellationToken.None);

    [Fact]
    public void Every_architecture_the_fixtures_promise_is_there()
    {
        string[] expected =
        [
            "aarch64/qemu", "arm/qemu", "i386/gcore", "i386/kernel", "i386/qemu", "m68k/qemu", "mips/qemu", "mips64/qemu",
            "mips64el/qemu", "mipsel/qemu", "mipsn32/qemu", "mipsn32el/qemu", "ppc/qemu", "ppc64/qemu", "ppc64le/qemu",
            "s390x/qemu", "x86_64/gcore", "x86_64/kernel", "x86_64/qemu",
        ];
        Assert.Equal(expected, RecordedCore.All.Select(c => c.Name));
    }

    [Theory]
    [MemberData(nameof(Cores))]
    public void The_process_is_what_NT_PRPSINFO_says_as_eu_readelf_reads_it(string name)
    {
        var core = RecordedCore.Get(name);
        using var source = Open(core);
        var psinfo = Assert.Single(core.Notes.Of("PRPSINFO"));
        var process = Assert.Single(source.ReadProcesses(ProcessSelector.All, CancellationToken.None));

        Assert.Equal(core.Subject.ProcessId, source.ProcessId);
        if (psinfo.Has("pid"))
        {
            // eu-readelf has no MIPS core backend: there it prints the note's size and type only.
            Assert.Equal(psinfo.Int("pid"), process.ProcessId);
            Assert.Equal(psinfo.Int("ppid"), process.ParentProcessId);
            Assert.Equal(psinfo.Int("pgrp"), process.ProcessGroupId);
            Assert.Equal(psinfo.Int("sid"), process.SessionId);
            Assert.Equal(uint.Parse(psinfo.Fields["uid"], CultureInfo.InvariantCulture), process.RealUserId);
            Assert.Equal(uint.Parse(psinfo.Fields["gid"], CultureInfo.InvariantCulture), process.RealGroupId);
            Assert.Equal(psinfo.Fields["fname"], process.Name);
            Assert.Equal(psinfo.Int("nice"), process.Nice);
        }

        Assert.Equal(core.Subject.ProcessId, process.ProcessId);
        Assert.Equal(core.Subject.ParentProcessId, process.ParentProcessId);
        Assert.Equal(core.Subject.ProcessGroupId, process.ProcessGroupId);
        Assert.Equal(core.Subject.SessionId, process.SessionId);
        Assert.Equal("subject", process.Name);
        Assert.Equal(ExpectedUserId(core, core.Subject.UserId), process.RealUserId);
        Assert.Equal(ExpectedUserId(core, core.Subject.GroupId), process.RealGroupId);
        Assert.Equal(core.Notes.Of("PRSTATUS").Count(), process.ThreadCount);

        // qemu-user fills neither pr_nice nor pr_sname; the kernel and gdb copy them from the task.
        Assert.Equal(core.Writer == "qemu" ? 0 : core.Subject.Nice, process.Nice);
    }

    [Theory]
    [MemberData(nameof(Cores))]
    public void Every_thread_is_an_NT_PRSTATUS_in_note_order_as_eu_readelf_and_gdb_list_them(string name)
    {
        var core = RecordedCore.Get(name);
        using var source = Open(core);
        var threads = source.ReadProcesses(new ProcessSelector { IncludeThreads = true }, CancellationToken.None).ToList();
        var notes = core.Notes.Of("PRSTATUS").ToList();
        Assert.Equal(2, threads.Count);
        Assert.Equal(notes.Count, threads.Count);
        Assert.Equal(core.Subject.ProcessId, threads[0].ThreadId);
        if (core.Gdb.ReadTheCore)
        {
            Assert.Equal(core.Gdb.Threads, threads.Select(t => t.ThreadId!.Value));
        }

        for (int i = 0; i < notes.Count; i++)
        {
            var note = notes[i];
            var thread = threads[i];
            Assert.Equal(core.Subject.ProcessId, thread.ProcessId);
            if (!note.Has("pid"))
            {
                continue;
            }

            Assert.Equal(note.Int("pid"), thread.ThreadId);
            Assert.Equal(note.Int("cursig"), thread.CurrentSignal);
            if (core.Writer != "gcore")
            {
                // gcore writes only pr_pid, pr_cursig and the registers (ProcMap reads its zeros as unknown).
                Assert.Equal(note.Int("ppid"), thread.ParentProcessId);
                Assert.Equal(note.Int("pgrp"), thread.ProcessGroupId);
                Assert.Equal(note.Int("sid"), thread.SessionId);
                Assert.Equal(Signals(note.Fields["sigpend"]), thread.PendingSignals);
                Assert.Equal(Signals(note.Fields["sighold"]), thread.BlockedSignals);
            }

            if (i > 0 && core.Writer != "gcore")
            {
                // The leader's row leaves the times to the process row; the others have their own.
                Assert.Equal(Seconds(note.Fields["utime"]), thread.UserCpuTime);
                Assert.Equal(Seconds(note.Fields["stime"]), thread.SystemCpuTime);
            }
        }

        // The thread that died is first, with the signal raise(3) sent it; gcore's process was paused
        // before the signal, and gdb records the stop, not a signal.
        Assert.Equal(core.Writer == "gcore" ? 0 : 11, threads[0].CurrentSignal);
    }

    [Theory]
    [MemberData(nameof(Cores))]
    public void Every_PT_LOAD_is_one_region_with_eu_readelfs_range_and_protection(string name)
    {
        var core = RecordedCore.Get(name);
        using var source = Open(core);
        var regions = source.ReadVmMap(source.ProcessId, false, CancellationToken.None).ToList();
        var loads = core.Headers.Loads.Where(l => l.MemorySize > 0).ToList();
        var fromLoads = regions.Where(r => !r.ProtectionUnknown).ToList();
        Assert.Equal(loads.Select(l => (l.Address, l.Address + l.MemorySize)), fromLoads.Select(r => (r.Start, r.End)));
        Assert.Equal(
            loads.Select(l => Protection(l.Read, l.Write, l.Execute)),
            fromLoads.Select(r => r.Protection));
        Assert.Equal(loads.Select(l => l.FileSize > 0), fromLoads.Select(r => r.Dumped!.Value));
        Assert.All(regions, r => Assert.Equal(core.Subject.ProcessId, r.ProcessId));

        // The subject's anonymous 192 KiB, dumped: every writer has it as one segment of its own or
        // inside a larger one (qemu-user merges neighbours of equal protection).
        Assert.Contains(fromLoads, r => r.Dumped == true && r.Protection == (MemoryProtection.Read | MemoryProtection.Write) && r.Size >= 0x30000);
        Assert.Single(regions, r => r.Kind == VmRegionKind.Stack);
    }

    [Theory]
    [MemberData(nameof(Cores))]
    public void File_mappings_are_NT_FILEs_entries_as_eu_readelf_and_gdb_print_them(string name)
    {
        var core = RecordedCore.Get(name);
        using var source = Open(core);
        var regions = source.ReadVmMap(source.ProcessId, false, CancellationToken.None).ToList();
        var files = core.Notes.Of("FILE").SelectMany(n => n.Files).ToList();
        var withPath = regions.Where(r => r.Path is not null).ToList();
        Assert.Equal(files.Select(f => (f.Start, f.End, (ulong?)f.Offset, f.Path)), withPath.Select(r => (r.Start, r.End, r.Offset, r.Path!)));
        if (core.Gdb.ReadTheCore)
        {
            Assert.Equal(core.Gdb.Mappings.Select(m => (m.Start, m.End, (ulong?)m.Offset, m.Path)), withPath.Select(r => (r.Start, r.End, r.Offset, r.Path!)));
        }

        if (core.Writer != "qemu")
        {
            // The subject's 64 KiB of mapped.dat at file offset 64 KiB.
            var mapped = Assert.Single(withPath, r => r.Path == "/tmp/procmap-cores/mapped.dat");
            Assert.Equal(0x10000UL, mapped.Size);
            Assert.Equal(0x10000UL, mapped.Offset);
            Assert.Equal(VmRegionKind.File, mapped.Kind);
        }
        else
        {
            Assert.Empty(files);
            Assert.Empty(withPath);
        }
    }

    [Theory]
    [MemberData(nameof(Cores))]
    public void Arguments_and_environment_come_from_the_dumped_stack_in_the_cores_byte_order(string name)
    {
        var core = RecordedCore.Get(name);
        using var source = Open(core);
        var reading = source.ReadArguments(source.ProcessId, includeEnvironment: true, maxChars: 0, CancellationToken.None);
        Assert.Null(reading.EnvironmentError);
        var arguments = reading.Arguments;
        Assert.Equal(core.Subject.Arguments, arguments.Arguments);
        Assert.Equal(ExpectedEnvironment(core), arguments.Environment!.Cast<System.Collections.DictionaryEntry>().Select(e => e.Key + "=" + e.Value));
        Assert.False(arguments.Truncated);
        Assert.False(arguments.Retitled);
        Assert.Equal("./subject '' 'two words' last", arguments.CommandLine);
        Assert.Equal("subject", arguments.Name);

        // pr_psargs, as eu-readelf prints it: the kernel and qemu copy the argument area with its NULs
        // turned into spaces; gdb (linux_fill_prpsinfo) stops at the first NUL of /proc/PID/cmdline.
        var psinfo = Assert.Single(core.Notes.Of("PRPSINFO"));
        if (psinfo.Has("psargs"))
        {
            Assert.Equal(core.Writer == "gcore" ? "./subject" : string.Join(' ', core.Subject.Arguments) + " ", psinfo.Fields["psargs"]);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Cores))]
    public void The_auxiliary_vector_ProcMap_reads_is_the_one_gdb_prints(string name)
    {
        var core = RecordedCore.Get(name);
        Skip.If(core.Gdb.AuxVector.Count == 0, "gdb could not read this core (see Fixtures/cores/README.md)");
        var header = ElfCore.Open(new ArrayCoreBytes(core.Bytes), CancellationToken.None).Header;
        using var source = (CoreFileSource)Open(core);
        var image = source.Image;
        Assert.NotNull(image.Auxv);
        foreach (var (type, value, _) in core.Gdb.AuxVector.Where(a => a.Type != CoreAuxv.AT_NULL))
        {
            Assert.Equal(value, CoreAuxv.Find(image.Auxv!, header, type));
        }

        string? execfn = core.Gdb.AuxVector.Single(a => a.Type == CoreAuxv.AT_EXECFN).Text;
        Assert.Equal("./subject", execfn);
    }

    [Theory]
    [MemberData(nameof(Cores))]
    public void The_byte_order_class_and_machine_are_eu_readelfs(string name)
    {
        var core = RecordedCore.Get(name);
        var header = ElfCore.Open(new ArrayCoreBytes(core.Bytes), CancellationToken.None).Header;
        Assert.Equal(core.Headers.Data.Contains("big endian", StringComparison.Ordinal), header.Order.IsBigEndian);
        Assert.Equal(core.Headers.Class == "ELF64", header.Is64);
        using var source = (CoreFileSource)Open(core);

        // The size of every NT_PRSTATUS and NT_PRPSINFO is the one the layout table gives its ABI.
        var layout = source.Image.Layout;
        Assert.All(core.Notes.Of("PRSTATUS"), n => Assert.Equal(layout.PrStatus.Size, n.Size));
        Assert.All(core.Notes.Of("PRPSINFO"), n => Assert.Equal(layout.PrPsInfo.Size, n.Size));
        Assert.Equal(ExpectedAbi(core.Architecture), layout.Name);
    }

    /// <summary>
    /// qemu-user swaps pr_uid and pr_gid as 16-bit values on big-endian targets (linux-user/elfload.c
    /// bswap_psinfo), also where they are 32 bits wide: the file holds uid &lt;&lt; 16. ProcMap reads the bytes
    /// as they are, as eu-readelf and gdb do.
    /// </summary>
    private static uint ExpectedUserId(RecordedCore core, uint id) =>
        core.Writer == "qemu" && core.Architecture is "ppc" or "ppc64" or "s390x" or "mips" or "mipsn32" or "mips64" ? id << 16 : id;

    /// <summary>
    /// The environment the subject was started with; qemu-user hands its guest its own environment in
    /// reverse (util/envlist.c envlist_setenv inserts at the head of the list envlist_to_environ walks).
    /// </summary>
    private static IEnumerable<string> ExpectedEnvironment(RecordedCore core) =>
        core.Writer == "qemu" ? core.Subject.Environment.Reverse() : core.Subject.Environment;

    private static string ExpectedAbi(string architecture) => architecture switch
    {
        "x86_64" => "x86-64",
        "i386" => "i386",
        "aarch64" => "AArch64",
        "arm" => "ARM",
        "ppc64" or "ppc64le" => "PowerPC64",
        "ppc" => "PowerPC",
        "s390x" => "s390x",
        "mips" or "mipsel" => "MIPS o32",
        "mipsn32" or "mipsn32el" => "MIPS n32",
        "mips64" or "mips64el" => "MIPS n64",
        "m68k" => "m68k",
        _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, null),
    };

    private static MemoryProtection Protection(bool read, bool write, bool execute) =>
        (read ? MemoryProtection.Read : 0) | (write ? MemoryProtection.Write : 0) | (execute ? MemoryProtection.Execute : 0);

    /// <summary>eu-readelf prints a signal set as &lt;1,2,...&gt; (or &lt;&gt; when empty); bit n-1 is signal n.</summary>
    private static ulong Signals(string text)
    {
        ulong mask = 0;
        foreach (string number in text.Trim('<', '>').Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            mask |= 1UL << (int.Parse(number, CultureInfo.InvariantCulture) - 1);
        }

        return mask;
    }

    /// <summary>"0.008000": eu-readelf's seconds.microseconds.</summary>
    private static TimeSpan Seconds(string text)
    {
        string[] parts = text.Split('.');
        return TimeSpan.FromSeconds(long.Parse(parts[0], CultureInfo.InvariantCulture)) + TimeSpan.FromMicroseconds(long.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}

/// <summary>The same cores through eu-readelf and gdb-multiarch run now, where they are installed.</summary>
public class RealCoreLiveToolTests : IDisposable
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("procmap-real-cores-").FullName;

    public void Dispose()
    {
        System.IO.Directory.Delete(_directory, recursive: true);
        GC.SuppressFinalize(this);
    }

    [SkippableTheory]
    [MemberData(nameof(RealCoreTests.Cores), MemberType = typeof(RealCoreTests))]
    public void Eu_readelf_today_says_what_it_said_then(string name)
    {
        string? tool = Tools.Find("eu-readelf");
        Skip.If(tool is null, "eu-readelf (elfutils) is not installed");
        var core = RecordedCore.Get(name);
        string path = core.WriteTo(_directory);
        var notes = ReadElfNotes.Parse(Tools.Run(tool!, "--notes", path));
        Assert.Equal(core.Notes.All.Select(n => (n.Owner, n.Size, n.Type)), notes.All.Select(n => (n.Owner, n.Size, n.Type)));
        Assert.Equal(core.Notes.All.Select(n => string.Join(";", n.Fields.OrderBy(f => f.Key, StringComparer.Ordinal))), notes.All.Select(n => string.Join(";", n.Fields.OrderBy(f => f.Key, StringComparer.Ordinal))));
        var headers = ReadElfHeaders.Parse(Tools.Run(tool!, "-h", "-l", path));
        Assert.Equal(core.Headers.Segments, headers.Segments);
    }

    [SkippableTheory]
    [MemberData(nameof(RealCoreTests.Cores), MemberType = typeof(RealCoreTests))]
    public void Gdb_today_lists_the_threads_and_mappings_ProcMap_reads(string name)
    {
        string? tool = Tools.Find("gdb-multiarch");
        Skip.If(tool is null, "gdb-multiarch is not installed");
        var core = RecordedCore.Get(name);
        Skip.IfNot(core.Gdb.ReadTheCore, "gdb could not read this core when it was made (see Fixtures/cores/README.md)");
        string path = core.WriteTo(_directory);
        var gdb = GdbView.Parse(Tools.Run(tool!, "-nx", "-batch", "-ex", "info proc mappings", "-ex", "info threads", "-c", path));
        using var source = RealCoreTests.Open(core);
        var threads = source.ReadProcesses(new ProcessSelector { IncludeThreads = true }, CancellationToken.None).Select(t => t.ThreadId!.Value);
        Assert.Equal(gdb.Threads, threads);
        var files = source.ReadVmMap(source.ProcessId, false, CancellationToken.None).Where(r => r.Path is not null)
            .Select(r => (r.Start, r.End, r.Offset!.Value, r.Path!));
        Assert.Equal(gdb.Mappings, files);
    }
}
