using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using ProcMap.Linux;
using Xunit;

namespace ProcMap.Tests.Linux;

/// <summary>
/// Get-KvmProcess -IncludeMemory's reader on a captured procfs tree: the rollup parsed key by key, and the
/// path of kernels without smaps_rollup (ENOENT), which sums smaps with the same field parser.
/// </summary>
public class SmapsRollupTests
{
    private static ProcessInfo ReadOne(int processId, bool disableRollup = false)
    {
        using var source = new LinuxLiveSource(Fixtures.MemoryRoot, disablePagemapScan: false, disableRollup);
        var selector = new ProcessSelector { ProcessIds = new[] { processId }, IncludeMemory = true, MemoryUnreadable = e => throw e };
        return source.ReadProcesses(selector, CancellationToken.None).Single();
    }

    // The "Key: N kB" lines of a file, summed per key, in bytes: an independent reading of the capture.
    private static Dictionary<string, ulong> Sums(string file)
    {
        var sums = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (string line in File.ReadAllLines(file))
        {
            string[] parts = line.Split(':', 2);
            if (parts.Length == 2 && parts[1].TrimEnd().EndsWith(" kB", StringComparison.Ordinal) && !parts[0].Contains('-', StringComparison.Ordinal))
            {
                ulong value = ulong.Parse(parts[1].Trim()[..^3].Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1024;
                sums[parts[0]] = sums.GetValueOrDefault(parts[0]) + value;
            }
        }

        return sums;
    }

    [Fact]
    public void Reads_every_figure_of_the_rollup()
    {
        var rollup = Sums(Path.Combine(Fixtures.MemoryRoot, "5101", "smaps_rollup"));
        var row = ReadOne(Fixtures.MemoryWithRollupPid);

        Assert.Equal(rollup["Pss"], row.Pss);
        Assert.Equal(rollup["Pss_Anon"], row.PssAnonymous);
        Assert.Equal(rollup["Pss_File"], row.PssFile);
        Assert.Equal(rollup["Pss_Shmem"], row.PssShmem);
        Assert.Equal(rollup["Pss_Dirty"], row.PssDirty);
        Assert.Equal(rollup["Private_Clean"] + rollup["Private_Dirty"] + rollup["Private_Hugetlb"], row.Uss);
        Assert.Equal(rollup["Swap"], row.Swap);
        Assert.Equal(rollup["SwapPss"], row.SwapPss);
        Assert.Equal(rollup["Locked"], row.Locked);
        Assert.Equal(1024UL * 1024, row.Locked);
    }

    [Theory]
    [InlineData(Fixtures.MemoryWithoutRollupPid, false)]
    [InlineData(Fixtures.MemoryWithRollupPid, true)]
    public void Sums_smaps_where_the_kernel_has_no_rollup(int processId, bool disableRollup)
    {
        var smaps = Sums(Path.Combine(Fixtures.MemoryRoot, processId.ToString(System.Globalization.CultureInfo.InvariantCulture), "smaps"));
        var rollup = Sums(Path.Combine(Fixtures.MemoryRoot, "5101", "smaps_rollup"));
        int mappings = File.ReadAllLines(Path.Combine(Fixtures.MemoryRoot, "5101", "smaps")).Count(line => !SmapsFields.IsFieldLine(System.Text.Encoding.ASCII.GetBytes(line)));
        var row = ReadOne(processId, disableRollup);

        Assert.Equal(smaps["Pss"], row.Pss);
        Assert.Equal(smaps["Pss_Dirty"], row.PssDirty);
        Assert.Equal(smaps["Private_Clean"] + smaps["Private_Dirty"] + smaps["Private_Hugetlb"], row.Uss);
        Assert.Equal(smaps["Swap"], row.Swap);
        Assert.Equal(smaps["SwapPss"], row.SwapPss);
        Assert.Equal(smaps["Locked"], row.Locked);
        Assert.Null(row.PssAnonymous);
        Assert.Null(row.PssFile);
        Assert.Null(row.PssShmem);

        // Whole pages agree with the rollup exactly; each record's Pss is rounded down to a kilobyte on its own.
        Assert.Equal(rollup["Private_Clean"] + rollup["Private_Dirty"], row.Uss);
        Assert.Equal(rollup["Locked"], row.Locked);
        Assert.InRange(rollup["Pss"] - row.Pss!.Value, 0UL, (ulong)mappings * 1024);
    }

    [Fact]
    public void Reads_nothing_unless_asked()
    {
        using var source = new LinuxLiveSource(Fixtures.MemoryRoot);
        var row = source.ReadProcesses(new ProcessSelector { ProcessIds = new[] { Fixtures.MemoryWithRollupPid } }, CancellationToken.None).Single();
        Assert.Null(row.Pss);
        Assert.Null(row.Uss);
    }

    [Fact]
    public void Measures_this_process_live_both_ways()
    {
        using var rollup = new LinuxLiveSource(ProcFs.DefaultRoot, disablePagemapScan: false, disableSmapsRollup: false);
        using var summed = new LinuxLiveSource(ProcFs.DefaultRoot, disablePagemapScan: false, disableSmapsRollup: true);
        var selector = new ProcessSelector { ProcessIds = new[] { Environment.ProcessId }, IncludeMemory = true };
        var fromRollup = rollup.ReadProcesses(selector, CancellationToken.None).Single();
        var fromSmaps = summed.ReadProcesses(selector, CancellationToken.None).Single();

        Assert.NotNull(fromRollup.PssAnonymous);
        Assert.Null(fromSmaps.PssAnonymous);
        Assert.True(fromRollup.Uss > 0 && fromSmaps.Uss > 0);
        Assert.NotNull(fromSmaps.Locked);
    }
}
