using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using ProcMap.Linux;
using Xunit;

namespace ProcMap.Tests.Linux;

/// <summary>
/// Get-PhysicalRegion over a process with many mappings: the first runs come out after the
/// first mappings of maps, not after all of it, so a pipeline that stops early stops at once; the result
/// is the same as reading maps first, and a progress report that falls due makes the walk read the rest of maps at once, so it has its total.
/// </summary>
public sealed class PhysicalRegionBatchTests : IDisposable
{
    private const ulong Page = 4096;
    private const int Pid = 91;
    private const int Mappings = 200;
    private const ulong Base = 0x1000000;
    private readonly string _root = Directory.CreateTempSubdirectory("procmap-batches-").FullName;
    private readonly string _maps;

    public PhysicalRegionBatchTests()
    {
        // One-page mappings with a gap after each, every page present on a frame of its own.
        string dir = Path.Combine(_root, Pid.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        _maps = Path.Combine(dir, "maps");
        var text = new StringBuilder();
        var words = new ulong[(Base / Page) + (2 * Mappings) + 2];
        for (int i = 0; i < Mappings + 1; i++)
        {
            ulong start = Base + ((ulong)i * 2 * Page);
            words[start / Page] = PagemapEntry.Present | (1000UL + ((ulong)i * 7));
            if (i < Mappings)
            {
                text.Append(Line(start));
            }
        }

        File.WriteAllText(_maps, text.ToString());
        var bytes = new byte[words.Length * 8];
        Buffer.BlockCopy(words, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(Path.Combine(dir, "pagemap"), bytes);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Line(ulong start) =>
        string.Create(CultureInfo.InvariantCulture, $"{start:x8}-{start + Page:x8} rw-p 00000000 00:00 0\n");

    [Fact]
    public void Gives_one_run_per_mapping_and_knows_the_total_at_the_first_report()
    {
        var source = new LinuxLiveSource(_root, lineBufferSize: 256);
        var progress = new RecordingProgress();
        source.Progress = progress;
        var regions = source.ReadPhysicalRegions(Pid, 0, ulong.MaxValue, new PhysicalRegionOptions(), CancellationToken.None).ToList();

        Assert.Equal(Mappings, regions.Count);
        for (int i = 0; i < Mappings; i++)
        {
            Assert.Equal(Base + ((ulong)i * 2 * Page), regions[i].VirtualStart);
            Assert.Equal(1L, regions[i].PageCount);
            Assert.Equal((ulong)(1000 + (i * 7)) * Page, regions[i].PhysicalStart);
        }

        // A report that falls due while the first 64 mappings are walked makes the walk read the rest of
        // maps then: every report has the total, the percent only rises, and the last one is the end.
        Assert.All(progress.Reports, p => Assert.Equal(Mappings * Page, p.Total));
        Assert.Equal(Mappings, progress.Reports[^1].Mappings);
        Assert.Equal(progress.Reports.Select(p => p.Done).Order(), progress.Reports.Select(p => p.Done));
        Assert.True(progress.Reports[^1].IsEnd);
        Assert.Equal(100, progress.Reports[^1].Percent);
        Assert.Equal("[ anon ]", progress.Reports[0].Mapping);
    }

    [Fact]
    public void Reads_the_rest_of_maps_when_the_first_report_falls_due_and_not_before()
    {
        var source = new LinuxLiveSource(_root, lineBufferSize: 256);
        var progress = new RecordingProgress();
        source.Progress = progress;
        using var runs = source.ReadPhysicalRegions(Pid, 0, ulong.MaxValue, new PhysicalRegionOptions(), CancellationToken.None).GetEnumerator();
        Assert.True(runs.MoveNext());

        // The report in the first mapping read maps to the end: a mapping added now is not seen.
        File.AppendAllText(_maps, Line(Base + (Mappings * 2 * Page)));
        int count = 1;
        while (runs.MoveNext())
        {
            count++;
        }

        Assert.Equal(Mappings, count);

        // With no report due, nothing is reported and maps is read as the walk goes.
        progress.Due = false;
        progress.Reports.Clear();
        Assert.Equal(Mappings + 1, source.ReadPhysicalRegions(Pid, 0, ulong.MaxValue, new PhysicalRegionOptions(), CancellationToken.None).Count());
        Assert.Empty(progress.Reports);
    }

    [Fact]
    public void Reads_maps_as_it_goes_so_the_first_run_comes_before_the_rest_of_maps_is_read()
    {
        var source = new LinuxLiveSource(_root, lineBufferSize: 256);
        using var runs = source.ReadPhysicalRegions(Pid, 0, ulong.MaxValue, new PhysicalRegionOptions(), CancellationToken.None).GetEnumerator();
        Assert.True(runs.MoveNext());
        Assert.Equal(Base, runs.Current.VirtualStart);

        // A mapping added at the end now is still read: maps had not been read to the end.
        File.AppendAllText(_maps, Line(Base + (Mappings * 2 * Page)));
        int count = 1;
        while (runs.MoveNext())
        {
            count++;
        }

        Assert.Equal(Mappings + 1, count);
    }

    [Fact]
    public void Stopping_after_the_first_run_closes_maps_and_pagemap()
    {
        var source = new LinuxLiveSource(_root, lineBufferSize: 256);
        for (int i = 0; i < 3; i++)
        {
            var first = source.ReadPhysicalRegions(Pid, 0, ulong.MaxValue, new PhysicalRegionOptions(), CancellationToken.None).First();
            Assert.Equal(Base, first.VirtualStart);
        }

        Assert.Empty(OpenDescriptorsOf(Path.GetDirectoryName(_maps)!));
        Assert.Equal(Mappings, source.ReadPhysicalRegions(Pid, 0, ulong.MaxValue, new PhysicalRegionOptions(), CancellationToken.None).Count());
    }

    [Fact]
    public void A_line_reader_gives_its_buffer_back_once_however_often_it_is_disposed()
    {
        // The walk disposes maps twice (its own using and the parser's): a second return of the buffer
        // would hand one buffer to two later readers.
        var proc = new ProcFs(_root);
        var first = proc.OpenLines(_maps, Pid);
        first.Dispose();
        var second = proc.OpenLines(_maps, Pid);
        first.Dispose();
        var third = proc.OpenLines(_maps, Pid);
        Assert.NotSame(second.Buffer, third.Buffer);
        second.Dispose();
        third.Dispose();
    }

    private static List<string> OpenDescriptorsOf(string directory)
    {
        var open = new List<string>();
        foreach (string fd in Directory.GetFiles("/proc/self/fd"))
        {
            try
            {
                string? target = File.ResolveLinkTarget(fd, returnFinalTarget: false)?.FullName;
                if (target is not null && target.StartsWith(directory, StringComparison.Ordinal))
                {
                    open.Add(target);
                }
            }
            catch (IOException)
            {
                // The descriptor closed while it was listed.
            }
        }

        return open;
    }

    [Fact]
    public void A_missing_process_fails_at_the_call_and_leaves_nothing_open()
    {
        var source = new LinuxLiveSource(_root, lineBufferSize: 256);
        Assert.Throws<ProcessNotFoundException>(() => source.ReadPhysicalRegions(4242, 0, ulong.MaxValue, new PhysicalRegionOptions(), CancellationToken.None));

        // maps opens but pagemap does not: the maps file opened first is closed again, not left to a finalizer.
        File.Delete(Path.Combine(_root, Pid.ToString(CultureInfo.InvariantCulture), "pagemap"));
        Assert.Throws<ProcessNotFoundException>(() => source.ReadPhysicalRegions(Pid, 0, ulong.MaxValue, new PhysicalRegionOptions(), CancellationToken.None));
        Assert.Empty(OpenDescriptorsOf(Path.GetDirectoryName(_maps)!));
    }
}
