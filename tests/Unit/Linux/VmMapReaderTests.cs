using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using ProcMap.Linux;
using Xunit;

namespace ProcMap.Tests.Linux;

public class VmMapReaderTests
{
    private static VmRegion[] ReadFixture(int pid, bool detailed = false) =>
        new LinuxLiveSource(Fixtures.ProcRoot).ReadVmMap(pid, detailed, CancellationToken.None).ToArray();

    [Fact]
    public void Reads_every_edge_case_line_of_the_fixture()
    {
        var regions = ReadFixture(Fixtures.EdgeCasePid);

        Assert.Equal(12, regions.Length);
        Assert.All(regions, r => Assert.Equal(Fixtures.EdgeCasePid, r.ProcessId));
        Assert.Equal(new[] { "/usr/bin/my app", "/usr/bin/my app" }, regions.Take(2).Select(r => r.Path));
        Assert.Equal("/tmp/line\nbreak", regions[2].Path);
        Assert.True(regions[2].Deleted);
        Assert.Equal(VmRegionKind.Memfd, regions[3].Kind);
        Assert.Equal("wayland-shm", regions[3].Name);
        Assert.Equal(VmRegionKind.SharedMemory, regions[4].Kind);
        Assert.Equal(65538UL, regions[4].Inode);
        Assert.Equal(VmRegionKind.SharedMemory, regions[5].Kind);
        Assert.Equal("[anon:glibc malloc]", regions[6].Mapping);
        Assert.Equal("ring", regions[7].Name);
        Assert.Equal(VmRegionKind.Other, regions[8].Kind);
        Assert.Equal(MemoryProtection.None, regions[9].Protection);
        Assert.Equal("/opt/caf\u00e9/\uFFFD\uFFFD.bin", regions[10].Path);
        Assert.Equal(VmRegionKind.Vsyscall, regions[11].Kind);
        Assert.Equal(0xffffffffff601000UL, regions[11].End);
    }

    [Fact]
    public void Reports_progress_in_mapped_bytes_against_stats_vsize_only_when_due()
    {
        const int Mappings = 200;
        string dir = Directory.CreateTempSubdirectory("procmap-progress-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "77"));
            File.WriteAllText(Path.Combine(dir, "77", "maps"), string.Concat(Enumerable.Range(0, Mappings).Select(i =>
                string.Create(CultureInfo.InvariantCulture, $"{0x10000000 + (i * 0x2000):x8}-{0x10001000 + (i * 0x2000):x8} rw-p 00000000 00:00 0\n"))));
            // vsize (field 23) is the kernel's total_vm in bytes: here 200 pages.
            File.WriteAllText(Path.Combine(dir, "77", "stat"), "77 (many) S 1 77 77 0 -1 4194304 132 0 0 0 0 0 0 0 20 0 1 0 216207 819200 375 18446744073709551615 1 1 1 0 0 0 0 6 0 0 0 0 17 1 0 0 0 0 0 1 1 1 1 1 1 1 0\n");
            var progress = new RecordingProgress();
            var source = new LinuxLiveSource(dir) { Progress = progress };

            Assert.Equal(Mappings, source.ReadVmMap(77, detailed: false, CancellationToken.None).Count());
            Assert.Equal(Mappings / 64, progress.Reports.Count(p => !p.IsEnd));
            Assert.All(progress.Reports, p => Assert.Equal(Mappings * 4096UL, p.Total));
            Assert.Equal(63UL * 4096, progress.Reports[0].Done);
            Assert.Equal(64, progress.Reports[0].Mappings);
            Assert.Equal(0x10000000UL + (63 * 0x2000), progress.Reports[0].Address);
            Assert.True(progress.Reports[^1].IsEnd);
            Assert.Equal(Mappings, progress.Reports[^1].Mappings);

            progress.Due = false;
            progress.Reports.Clear();
            Assert.Equal(Mappings, source.ReadVmMap(77, detailed: false, CancellationToken.None).Count());
            Assert.Empty(progress.Reports);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Agrees_with_every_line_of_a_captured_maps_file()
    {
        var lines = File.ReadAllLines(Path.Combine(Fixtures.ProcRoot, "4243", "maps"));
        var regions = ReadFixture(Fixtures.CapturedSleepPid);

        Assert.Equal(lines.Length, regions.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            Assert.Equal(Canonical(lines[i]), Render(regions[i]));
        }
    }

    [Fact]
    public void Lines_longer_than_the_read_buffer_are_read_whole()
    {
        string longName = "/" + new string('n', 300);
        string dir = Directory.CreateTempSubdirectory("procmap-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "9"));
            File.WriteAllText(
                Path.Combine(dir, "9", "maps"),
                string.Concat(Enumerable.Repeat($"00400000-00401000 r--p 00000000 08:01 5 {longName}\n", 50)));

            var regions = new LinuxLiveSource(dir, lineBufferSize: 64).ReadVmMap(9, false, CancellationToken.None).ToArray();

            Assert.Equal(50, regions.Length);
            Assert.All(regions, r => Assert.Equal(longName, r.Path));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Reads_smaps_fields_unknown_keys_and_empty_vmflags()
    {
        var regions = ReadFixture(Fixtures.EdgeCasePid, detailed: true);

        Assert.Equal(3, regions.Length);
        var app = regions[0];
        Assert.Equal("/usr/bin/my app", app.Path);
        Assert.Equal(300UL * 1024, app.Rss);
        Assert.Equal(150UL * 1024, app.Pss);
        Assert.Equal(8UL * 1024, app.PssDirty);
        Assert.Equal(280UL * 1024, app.SharedClean);
        Assert.Equal(0UL, app.SharedDirty);
        Assert.Equal(12UL * 1024, app.PrivateClean);
        Assert.Equal(8UL * 1024, app.PrivateDirty);
        Assert.Equal(296UL * 1024, app.Referenced);
        Assert.Equal(8UL * 1024, app.Anonymous);
        Assert.Equal(0UL, app.Ksm);
        Assert.Equal(16UL * 1024, app.Swap);
        Assert.Equal(12UL * 1024, app.SwapPss);
        Assert.Equal(4UL * 1024, app.Locked);
        Assert.Equal(4096UL, app.KernelPageSize);
        Assert.Equal(4096UL, app.MmuPageSize);
        Assert.Equal(1, app.ThpEligible);
        Assert.Equal(3, app.ProtectionKey);
        Assert.Equal(new[] { "rd", "ex", "mr", "mw", "me", "dw", "zz" }, app.VmFlags);
        Assert.Null(app.OtherFields);

        var named = regions[1];
        Assert.Equal("glibc malloc", named.Name);
        Assert.Empty(named.VmFlags!);
        Assert.Equal(42UL * 1024, named.OtherFields!["FutureCounter"]);
        Assert.Equal(7UL, named.OtherFields["FutureBare"]);
        Assert.Equal(4096UL, named.Pss);
        Assert.Null(named.Swap);

        var last = regions[2];
        Assert.Equal(VmRegionKind.Vsyscall, last.Kind);
        Assert.Equal(new[] { "ex" }, last.VmFlags);
    }

    [Fact]
    public void A_malformed_line_is_a_read_error_that_names_the_file_and_line()
    {
        var source = new LinuxLiveSource(Fixtures.ProcRoot);

        var error = Assert.Throws<ProcReadException>(() => source.ReadVmMap(Fixtures.MalformedPid, false, CancellationToken.None).ToArray());

        Assert.EndsWith("4244/maps", error.Path, StringComparison.Ordinal);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_process_is_ProcessNotFound()
    {
        var source = new LinuxLiveSource();

        var error = Assert.Throws<ProcessNotFoundException>(() => source.ReadVmMap(int.MaxValue, false, CancellationToken.None));

        Assert.Equal(int.MaxValue, error.ProcessId);
        Assert.Equal(int.MaxValue, error.Target);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void A_process_id_below_one_is_an_argument_error(int pid)
    {
        var error = Assert.Throws<ProcMapArgumentException>(() => new LinuxLiveSource().ReadVmMap(pid, false, CancellationToken.None));

        Assert.Equal(ErrorIds.InvalidProcessId, error.ErrorId);
    }

    [Fact]
    public void A_cancelled_token_stops_the_listing()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.Throws<OperationCanceledException>(() =>
            new LinuxLiveSource().ReadVmMap(Environment.ProcessId, false, cancel.Token).ToArray());
    }

    [Fact]
    public void Agrees_with_the_live_maps_of_a_child_process()
    {
        using var child = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
        try
        {
            string mapsPath = $"/proc/{child.Id}/maps";
            LiveSubjects.WaitAsleep(child.Id, "sleep", "nanosleep");
            string before = File.ReadAllText(mapsPath);
            var regions = new LinuxLiveSource().ReadVmMap(child.Id, false, CancellationToken.None).ToArray();

            var lines = before.TrimEnd('\n').Split('\n');
            Assert.Equal(lines.Length, regions.Length);
            for (int i = 0; i < lines.Length; i++)
            {
                Assert.Equal(Canonical(lines[i]), Render(regions[i]));
            }
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }
    }

    [Fact]
    public void Detailed_Rss_sums_to_the_kernels_smaps_rollup()
    {
        using var child = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
        try
        {
            LiveSubjects.WaitAsleep(child.Id, "sleep", "nanosleep");
            var regions = new LinuxLiveSource().ReadVmMap(child.Id, true, CancellationToken.None).ToArray();
            ulong rollupRss = File.ReadAllLines($"/proc/{child.Id}/smaps_rollup")
                .Where(l => l.StartsWith("Rss:", StringComparison.Ordinal))
                .Select(l => ulong.Parse(l["Rss:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) * 1024)
                .Single();

            Assert.NotEmpty(regions);
            Assert.All(regions, r => Assert.NotNull(r.Rss));
            Assert.Equal(rollupRss, regions.Aggregate(0UL, (sum, r) => sum + r.Rss!.Value));
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }
    }

    // The maps line as fields joined by one space, path as the kernel printed it.
    private static string Canonical(string line)
    {
        var fields = line.Split(' ', 6, StringSplitOptions.None);
        string name = fields.Length > 5 ? fields[5].TrimStart(' ') : "";
        return string.Join(' ', fields[0], fields[1], fields[2], fields[3], fields[4], name).TrimEnd();
    }

    private static string Render(VmRegion r)
    {
        string name = r.Kind == VmRegionKind.Anonymous ? "" : r.Mapping.Replace("\n", "\\012", StringComparison.Ordinal);
        return FormattableString.Invariant($"{r.Start:x8}-{r.End:x8} {r.Permissions} {r.Offset:x8} {r.Device} {r.Inode} {name}").TrimEnd();
    }
}
