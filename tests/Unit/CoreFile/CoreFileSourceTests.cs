using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Threading;
using ProcMap.Sources;
using Xunit;

namespace ProcMap.Tests.CoreFile;

/// <summary>A real gcore core of a subject whose live state was read just before the dump.</summary>
[Collection(CoreSubjectGroup.Name)]
public class CoreFileSourceTests
{
    private readonly CoreSubject _subject;

    public CoreFileSourceTests(CoreSubject subject)
    {
        _subject = subject;
    }

    private static CoreFileSource Open(string path) => CoreFileSource.Open(path, CancellationToken.None);

    [Fact]
    public void The_process_id_comes_from_the_core()
    {
        using var core = Open(_subject.GcorePath);
        Assert.Equal(_subject.Plain.ProcessId, core.ProcessId);
        Assert.Equal("core file " + _subject.GcorePath, core.Description);
    }

    [Fact]
    public void Every_live_mapping_is_in_the_core_but_the_vvar_pages_gdb_leaves_out()
    {
        using var core = Open(_subject.GcorePath);
        var regions = core.ReadVmMap(core.ProcessId, false, CancellationToken.None).ToArray();
        var live = _subject.Plain.Maps;

        var missing = live.Where(l => !regions.Any(r => r.Start == l.Start && r.End == l.End)).ToArray();
        Assert.All(missing, m => Assert.Equal(VmRegionKind.Vvar, m.Kind));
        Assert.Equal(live.Length - missing.Length, regions.Length);
        Assert.Equal(regions.OrderBy(r => r.Start).Select(r => r.Start), regions.Select(r => r.Start));

        foreach (var region in regions)
        {
            var expected = live.Single(l => l.Start == region.Start);
            Assert.Equal(expected.End, region.End);
            Assert.Equal(expected.ProcessId, region.ProcessId);
            Assert.Equal(expected.Path, region.Path);
            Assert.Equal(expected.Deleted, region.Deleted);
            Assert.Null(region.Shared);
            Assert.Null(region.Inode);
            Assert.Null(region.Device);
            Assert.NotNull(region.Dumped);
            if (expected.Path is null)
            {
                Assert.Null(region.Offset);

                // A core cannot tell the heap from other anonymous memory.
                Assert.Equal(expected.Kind == VmRegionKind.Heap ? VmRegionKind.Anonymous : expected.Kind, region.Kind);
            }
            else
            {
                Assert.Equal(expected.Offset, region.Offset);
                Assert.Equal(expected.Kind, region.Kind);
                Assert.Equal(expected.Name, region.Name);
            }

            if (region.Permissions == "????")
            {
                // gdb did not dump it and recorded it only in NT_FILE, without protection.
                Assert.False(region.Dumped);
                Assert.NotNull(region.Path);
            }
            else
            {
                // gdb marks every segment it writes readable (BFD sets PF_R on loadable sections).
                Assert.Equal(expected.Protection | MemoryProtection.Read, region.Protection);
                Assert.EndsWith("?", region.Permissions, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Knows_the_stack_the_vdso_the_vsyscall_page_and_the_special_files()
    {
        using var core = Open(_subject.GcorePath);
        var regions = core.ReadVmMap(core.ProcessId, false, CancellationToken.None).ToArray();

        var stack = Assert.Single(regions, r => r.Kind == VmRegionKind.Stack);
        Assert.Equal(_subject.Plain.Maps.Single(l => l.Kind == VmRegionKind.Stack).Start, stack.Start);
        Assert.True(stack.Dumped);
        Assert.Single(regions, r => r.Kind == VmRegionKind.Vdso);
        Assert.Equal(0xffffffffff600000UL, Assert.Single(regions, r => r.Kind == VmRegionKind.Vsyscall).Start);

        var spaced = Assert.Single(regions, r => r.Path == Path.Combine(_subject.Directory, "spaced name.bin"));
        Assert.Equal(VmRegionKind.File, spaced.Kind);
        Assert.Equal(16384UL, spaced.Size);

        var deleted = Assert.Single(regions, r => r.Path == Path.Combine(_subject.Directory, "deleted.bin"));
        Assert.True(deleted.Deleted);
        Assert.True(deleted.Dumped);
        Assert.Equal(deleted.Path + " (deleted)", deleted.Mapping);

        var memfd = Assert.Single(regions, r => r.Kind == VmRegionKind.Memfd);
        Assert.Equal("procmap-core", memfd.Name);
        Assert.Equal(MemoryProtection.Read | MemoryProtection.Write, memfd.Protection);

        // The C library's text was not written (it is in the file on disk) but is still listed.
        var liveText = _subject.Plain.Maps.Single(l => l.Path is not null && l.Path.Contains("libc.so", StringComparison.Ordinal) && l.Protection.HasFlag(MemoryProtection.Execute));
        var libcText = Assert.Single(regions, r => r.Start == liveText.Start);
        Assert.False(libcText.Dumped);
        Assert.Equal("????", libcText.Permissions);
        Assert.Equal(liveText.Offset, libcText.Offset);
    }

    [Fact]
    public void Reads_the_process_from_prpsinfo_and_the_threads_from_prstatus()
    {
        using var core = Open(_subject.GcorePath);
        var snapshot = _subject.Plain;
        var process = Assert.Single(core.ReadProcesses(ProcessSelector.All, CancellationToken.None));

        Assert.Equal(snapshot.ProcessId, process.ProcessId);
        Assert.Null(process.ThreadId);
        Assert.Equal(int.Parse(snapshot.Stat[1], System.Globalization.CultureInfo.InvariantCulture), process.ParentProcessId);
        Assert.Equal(int.Parse(snapshot.Stat[2], System.Globalization.CultureInfo.InvariantCulture), process.ProcessGroupId);
        Assert.Equal(int.Parse(snapshot.Stat[3], System.Globalization.CultureInfo.InvariantCulture), process.SessionId);
        Assert.Equal(snapshot.RealUserId, process.RealUserId);
        Assert.Equal(snapshot.RealGroupId, process.RealGroupId);
        Assert.Null(process.UserId);
        Assert.Equal("core_subject", process.Name);
        Assert.Equal(5, process.Nice);
        Assert.Equal(2, process.ThreadCount);

        // gdb stops the process with ptrace to dump it, and writes what /proc/PID/stat says then.
        Assert.Equal(ProcessState.TracingStop, process.State);

        // gcore writes no CPU times or signal masks (zeros): unknown, so null.
        Assert.Null(process.UserCpuTime);
        Assert.Null(process.PendingSignals);
        Assert.Equal(0, process.CurrentSignal);
        Assert.Null(process.StartTime);
        Assert.Null(process.TtyDevice);

        var threads = core.ReadProcesses(new ProcessSelector { IncludeThreads = true }, CancellationToken.None).ToArray();
        Assert.Equal(snapshot.ThreadIds, threads.Select(t => t.ThreadId!.Value).Order().ToArray());
        Assert.All(threads, t => Assert.Equal(snapshot.ProcessId, t.ProcessId));
        Assert.All(threads, t => Assert.Equal("core_subject", t.Name));
        Assert.All(threads, t => Assert.Equal(process.SessionId, t.SessionId));
        Assert.Equal(ProcessState.TracingStop, threads.Single(t => t.ThreadId == snapshot.ProcessId).State);
        Assert.Null(threads.Single(t => t.ThreadId != snapshot.ProcessId).State);
    }

    [Fact]
    public void Applies_the_selector_to_the_one_process()
    {
        using var core = Open(_subject.GcorePath);
        Assert.Single(core.ReadProcesses(new ProcessSelector { NameFilter = n => n == "core_subject" }, CancellationToken.None));
        Assert.Empty(core.ReadProcesses(new ProcessSelector { NameFilter = n => n == "other" }, CancellationToken.None));
        Assert.Empty(core.ReadProcesses(new ProcessSelector { SessionIds = new[] { -5 } }, CancellationToken.None));
        Assert.Single(core.ReadProcesses(new ProcessSelector { ProcessIds = new[] { core.ProcessId } }, CancellationToken.None));

        var missing = Assert.Throws<ProcessNotFoundException>(() => core.ReadProcesses(new ProcessSelector { ProcessIds = new[] { 1 } }, CancellationToken.None).ToArray());
        Assert.Equal(1, missing.ProcessId);
        Assert.Throws<ProcessNotFoundException>(() => core.ReadVmMap(1, false, CancellationToken.None));
        Assert.Throws<ProcessNotFoundException>(() => core.ReadArguments(1, false, 0, CancellationToken.None));
    }

    [Fact]
    public void Detailed_listing_is_not_supported_on_a_core()
    {
        using var core = Open(_subject.GcorePath);
        var error = Assert.Throws<SourceNotSupportedException>(() => core.ReadVmMap(core.ProcessId, true, CancellationToken.None));
        Assert.Contains("-Detailed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recovers_argv_and_the_environment_from_the_dumped_stack_as_proc_gave_them()
    {
        using var core = Open(_subject.GcorePath);
        var reading = core.ReadArguments(core.ProcessId, true, 0, CancellationToken.None);
        var arguments = reading.Arguments;

        Assert.Null(reading.EnvironmentError);
        Assert.Equal(_subject.Plain.Arguments, arguments.Arguments);
        Assert.Equal(new[] { _subject.Binary, _subject.Directory }.Concat(CoreSubject.ExtraArguments), arguments.Arguments);
        Assert.False(arguments.Truncated);
        Assert.False(arguments.Retitled);
        Assert.Equal("core_subject", arguments.Name);
        Assert.Equal(_subject.Plain.ProcessId, arguments.ProcessId);

        var environment = arguments.Environment!;
        Assert.Equal(_subject.Plain.Environment, environment.Cast<DictionaryEntry>().Select(e => $"{e.Key}={e.Value}"));
        Assert.Equal("two words", environment["B"]);
        Assert.Equal(string.Empty, environment["EMPTY"]);
        Assert.Equal("\u00e9t\u00e9", environment["UNICODE"]);

        Assert.Contains(" 'arg one' '' ", arguments.CommandLine, StringComparison.Ordinal);
        Assert.Contains(" '--quote='\\''x'\\''' ", arguments.CommandLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Leaves_the_environment_out_unless_asked()
    {
        using var core = Open(_subject.GcorePath);
        var reading = core.ReadArguments(core.ProcessId, false, 0, CancellationToken.None);
        Assert.Null(reading.Arguments.Environment);
        Assert.Null(reading.EnvironmentError);
        Assert.Equal(_subject.Plain.Arguments, reading.Arguments.Arguments);
    }

    [Fact]
    public void Cuts_at_max_chars_counting_the_nuls_as_kvm_getargv_does()
    {
        using var core = Open(_subject.GcorePath);
        string first = _subject.Binary;

        // argv[0] and its NUL fit exactly; of the three bytes left, the cut string's own NUL takes one
        // (kvm writes a NUL over byte nchr - 1), so two bytes of argv[1] remain.
        var reading = core.ReadArguments(core.ProcessId, false, first.Length + 1 + 3, CancellationToken.None).Arguments;
        Assert.Equal(new[] { first, _subject.Directory[..2] }, reading.Arguments);
        Assert.True(reading.Truncated);

        // The environment has its own budget of the same size: "A=1" and its NUL take all 4.
        var four = core.ReadArguments(core.ProcessId, true, 4, CancellationToken.None).Arguments;
        Assert.Equal(new[] { first[..3] }, four.Arguments);
        Assert.Equal(new[] { "A" }, four.Environment!.Keys.Cast<string>());
        Assert.Equal("1", four.Environment["A"]);
        Assert.True(four.Truncated);

        var whole = core.ReadArguments(core.ProcessId, false, 100_000, CancellationToken.None).Arguments;
        Assert.False(whole.Truncated);
        Assert.Equal(_subject.Plain.Arguments, whole.Arguments);
    }

    [Fact]
    public void A_retitled_process_reads_as_proc_cmdline_showed_it()
    {
        using var core = Open(_subject.RetitledCorePath);
        var reading = core.ReadArguments(core.ProcessId, true, 0, CancellationToken.None).Arguments;

        Assert.True(reading.Retitled);
        Assert.Equal(_subject.Retitled.Arguments, reading.Arguments);
        var title = Assert.Single(reading.Arguments);
        Assert.StartsWith("procmap-title: retitled   ", title, StringComparison.Ordinal);

        // The title ran on into the environment area up to its first NUL, as the kernel reads it.
        Assert.EndsWith("A=1", title, StringComparison.Ordinal);
        Assert.Equal(_subject.Retitled.Environment, reading.Environment!.Cast<DictionaryEntry>().Select(e => $"{e.Key}={e.Value}"));
    }

    [Fact]
    public void Without_a_dumped_stack_falls_back_to_psargs_and_reports_the_environment_missing()
    {
        using var core = Open(_subject.NoStackCorePath);
        Assert.DoesNotContain(core.ReadVmMap(core.ProcessId, false, CancellationToken.None), r => r.Kind == VmRegionKind.Stack);

        var reading = core.ReadArguments(core.ProcessId, true, 0, CancellationToken.None);
        var arguments = reading.Arguments;

        // gdb fills pr_psargs from /proc/PID/cmdline up to its first NUL: argv[0] only.
        Assert.Equal(new[] { _subject.Binary }, arguments.Arguments);
        Assert.True(arguments.Truncated);
        Assert.Null(arguments.Environment);
        var missing = Assert.IsType<CoreDataNotDumpedException>(reading.EnvironmentError);
        Assert.Equal(_subject.NoStackCorePath, missing.Target);
        Assert.Contains("environment", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stops_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => CoreFileSource.Open(_subject.GcorePath, cancelled.Token));
        using var core = Open(_subject.GcorePath);
        Assert.ThrowsAny<OperationCanceledException>(() => core.ReadVmMap(core.ProcessId, false, cancelled.Token).ToArray());
    }
}
