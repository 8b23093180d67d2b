using System;
using System.IO;
using System.Linq;
using System.Threading;
using ProcMap.Linux;
using Xunit;

namespace ProcMap.Tests.Linux;

/// <summary>
/// A kernel without a file is not a missing process: a procfs tree whose process has stat and maps but no
/// smaps, pagemap or environ, as a kernel built without CONFIG_PROC_PAGE_MONITOR shows it.
/// </summary>
public sealed class KernelFileMissingTests : IDisposable
{
    private const int Pid = 4300;
    private readonly string _root = Directory.CreateTempSubdirectory("procmap-nofile-").FullName;

    public KernelFileMissingTests()
    {
        string dir = Directory.CreateDirectory(Path.Combine(_root, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
        File.WriteAllText(Path.Combine(dir, "stat"), "4300 (demo) S 1 4300 4300 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 100 1000000 10 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
        File.WriteAllText(Path.Combine(dir, "cmdline"), "demo\0");
        File.WriteAllText(Path.Combine(dir, "maps"), "00400000-00401000 r-xp 00000000 08:01 42 /usr/bin/demo\n");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Detailed_names_the_smaps_file_the_kernel_lacks()
    {
        using var source = new LinuxLiveSource(_root);
        Assert.Single(source.ReadVmMap(Pid, false, CancellationToken.None));

        var error = Assert.Throws<KernelFileMissingException>(() => source.ReadVmMap(Pid, true, CancellationToken.None));
        Assert.Equal(ErrorIds.KernelFileMissing, error.ErrorId);
        Assert.Equal(Path.Combine(_root, "4300", "smaps"), error.Path);
        Assert.Contains("CONFIG_PROC_PAGE_MONITOR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Physical_regions_name_the_pagemap_file_the_kernel_lacks()
    {
        using var source = new LinuxLiveSource(_root);
        var error = Assert.Throws<KernelFileMissingException>(() => source.ReadPhysicalRegions(Pid, 0, ulong.MaxValue, new PhysicalRegionOptions(), CancellationToken.None));
        Assert.EndsWith("/4300/pagemap", error.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void The_arguments_still_come_when_the_environ_file_is_missing()
    {
        using var source = new LinuxLiveSource(_root);
        var reading = source.ReadArguments(Pid, includeEnvironment: true, 0, CancellationToken.None);
        Assert.Equal(new[] { "demo" }, reading.Arguments.Arguments);
        Assert.Null(reading.Arguments.Environment);
        Assert.IsType<KernelFileMissingException>(reading.EnvironmentError);
    }

    [Fact]
    public void Once_stat_is_gone_the_process_is_gone()
    {
        File.Delete(Path.Combine(_root, "4300", "stat"));
        using var source = new LinuxLiveSource(_root);
        Assert.Throws<ProcessNotFoundException>(() => source.ReadVmMap(Pid, true, CancellationToken.None));
        Assert.Throws<ProcessNotFoundException>(() => source.ReadPhysicalRegions(Pid, 0, ulong.MaxValue, new PhysicalRegionOptions(), CancellationToken.None));
        Assert.DoesNotContain(source.ReadProcesses(ProcessSelector.All, CancellationToken.None), p => p.ProcessId == Pid);
    }
}

/// <summary>A listing leaves out only processes that are gone (or hidden): any other failure is reported and the listing goes on.</summary>
public sealed class ListingFailureTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("procmap-listing-").FullName;

    public ListingFailureTests()
    {
        string captured = Path.Combine(Fixtures.ProcessListRoot, Fixtures.CapturedThreadsPid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (string pid in new[] { "10", "11", "12" })
        {
            string dir = Directory.CreateDirectory(Path.Combine(_root, pid)).FullName;
            File.Copy(Path.Combine(captured, "stat"), Path.Combine(dir, "stat"));
            File.Copy(Path.Combine(captured, "status"), Path.Combine(dir, "status"));
        }

        File.WriteAllText(Path.Combine(_root, "11", "stat"), "not a stat line\n");
        File.Copy(Path.Combine(Fixtures.ProcessListRoot, "stat"), Path.Combine(_root, "stat"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_process_that_cannot_be_parsed_is_reported_and_the_listing_goes_on()
    {
        var failures = new System.Collections.Generic.List<ProcMapException>();
        using var source = new LinuxLiveSource(_root);

        var rows = source.ReadProcesses(new ProcessSelector { ReadFailed = failures.Add }, CancellationToken.None).ToArray();

        Assert.Equal(new[] { 10, 12 }, rows.Select(p => p.ProcessId));
        var failure = Assert.IsType<ProcReadException>(Assert.Single(failures));
        Assert.EndsWith("/11/stat", failure.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void A_process_that_vanished_is_skipped_without_a_word()
    {
        File.Delete(Path.Combine(_root, "11", "stat"));
        File.Delete(Path.Combine(_root, "11", "status"));
        var failures = new System.Collections.Generic.List<ProcMapException>();
        using var source = new LinuxLiveSource(_root);

        var rows = source.ReadProcesses(new ProcessSelector { ReadFailed = failures.Add }, CancellationToken.None).ToArray();

        Assert.Equal(new[] { 10, 12 }, rows.Select(p => p.ProcessId));
        Assert.Empty(failures);
    }
}
