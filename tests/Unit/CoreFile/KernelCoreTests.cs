using System;
using System.Collections;
using System.Linq;
using System.Threading;
using ProcMap.Sources;
using Xunit;

namespace ProcMap.Tests.CoreFile;

/// <summary>
/// The kernel's own core of a subject killed with SIGABRT (fs/binfmt_elf.c elf_core_dump), compared with
/// /proc read just before. Skipped where kernel.core_pattern is not the plain "core" (a pipe to
/// systemd-coredump or apport), since the test cannot change a machine-wide setting.
/// </summary>
[Collection(CoreSubjectGroup.Name)]
public class KernelCoreTests
{
    private readonly CoreSubject _subject;

    public KernelCoreTests(CoreSubject subject)
    {
        _subject = subject;
    }

    private CoreFileSource Open()
    {
        Skip.If(_subject.KernelCorePath is null, "kernel.core_pattern is not \"core\", so the kernel's core cannot be made here");
        return CoreFileSource.Open(_subject.KernelCorePath!, CancellationToken.None);
    }

    [SkippableFact]
    public void Lists_every_live_mapping_with_its_protection()
    {
        using var core = Open();
        var live = _subject.Crashed!.Maps;
        var regions = core.ReadVmMap(core.ProcessId, false, CancellationToken.None).ToArray();
        Assert.Equal(live.Select(l => (l.Start, l.End, l.Protection, l.Path, l.Deleted)), regions.Select(r => (r.Start, r.End, r.Protection, r.Path, r.Deleted)));
        Assert.Equal(live.Where(l => l.Path is not null).Select(l => l.Offset), regions.Where(r => r.Path is not null).Select(r => r.Offset));
        Assert.DoesNotContain(regions, r => r.Permissions == "????");

        // The kernel writes a PT_LOAD with no bytes for what coredump_filter leaves out: the text of libc.
        Assert.Contains(regions, r => r.Path is not null && r.Path.Contains("libc.so", StringComparison.Ordinal) && r.Dumped == false);
        Assert.True(regions.Single(r => r.Kind == VmRegionKind.Stack).Dumped);
    }

    [SkippableFact]
    public void Reads_the_process_threads_times_and_the_fatal_signal()
    {
        using var core = Open();
        var snapshot = _subject.Crashed!;
        var process = Assert.Single(core.ReadProcesses(ProcessSelector.All, CancellationToken.None));
        Assert.Equal(snapshot.ProcessId, process.ProcessId);
        Assert.Equal(int.Parse(snapshot.Stat[2], System.Globalization.CultureInfo.InvariantCulture), process.ProcessGroupId);
        Assert.Equal(int.Parse(snapshot.Stat[3], System.Globalization.CultureInfo.InvariantCulture), process.SessionId);
        Assert.Equal(snapshot.RealUserId, process.RealUserId);
        Assert.Equal(5, process.Nice);
        Assert.Equal(6, process.CurrentSignal);

        // The dumping thread runs while it writes the core (or waits on the disk it writes to, D); the
        // kernel records real times and masks.
        Assert.Contains(process.State, new ProcessState?[] { ProcessState.Running, ProcessState.DiskSleep });
        Assert.NotNull(process.UserCpuTime);
        Assert.NotNull(process.SystemCpuTime);
        Assert.NotNull(process.PendingSignals);

        var threads = core.ReadProcesses(new ProcessSelector { IncludeThreads = true }, CancellationToken.None).ToArray();
        Assert.Equal(snapshot.ThreadIds, threads.Select(t => t.ThreadId!.Value).Order());
        Assert.All(threads, t => Assert.Equal(6, t.CurrentSignal));
        Assert.Null(threads.Single(t => t.ThreadId == snapshot.ProcessId).UserCpuTime);
        Assert.NotNull(threads.Single(t => t.ThreadId != snapshot.ProcessId).UserCpuTime);
    }

    [SkippableFact]
    public void Recovers_argv_and_the_environment_from_the_stack()
    {
        using var core = Open();
        var arguments = core.ReadArguments(core.ProcessId, true, 0, CancellationToken.None).Arguments;
        Assert.Equal(_subject.Crashed!.Arguments, arguments.Arguments);
        Assert.Equal(_subject.Crashed.Environment, arguments.Environment!.Cast<DictionaryEntry>().Select(e => $"{e.Key}={e.Value}"));
        Assert.False(arguments.Truncated);
    }
}
