using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using CsCheck;
using ProcMap.Linux;
using Xunit;

namespace ProcMap.Tests.Linux;

// smaps field lines are read by a fast path for the layout show_smap prints (key padded to 16 columns,
// the number right-aligned in 8) and byte by byte otherwise (a wider number, other padding, a key the
// kernel printed out of its usual order, a line cut by the end of the read buffer): both must agree.
public class SmapsFieldsTests
{
    private const string Header = "7f0000000000-7f0000001000 rw-p 00000000 00:00 0 \n";

    private static DetailedVmRegion[] Read(string smaps, int lineBufferSize = 65536)
    {
        string dir = Directory.CreateTempSubdirectory("procmap-smaps-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "77"));
            File.WriteAllText(Path.Combine(dir, "77", "smaps"), smaps, Encoding.ASCII);
            return new LinuxLiveSource(dir, lineBufferSize).ReadVmMap(77, detailed: true, CancellationToken.None).Cast<DetailedVmRegion>().ToArray();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Line(string key, ulong number, bool kilobytes, bool kernelLayout) =>
        kernelLayout
            ? (key + ":").PadRight(16) + number.ToString(CultureInfo.InvariantCulture).PadLeft(8) + (kilobytes ? " kB\n" : "\n")
            : key + ": " + number.ToString(CultureInfo.InvariantCulture) + (kilobytes ? " kB\n" : "\n");

    [Theory]
    [InlineData(0UL)]
    [InlineData(4UL)]
    [InlineData(12345678UL)]
    [InlineData(123456789UL)]
    [InlineData(4294967295UL)]
    [InlineData(4294967296UL)]
    [InlineData(18014398509481983UL)]
    public void Reads_every_number_in_either_layout(ulong kilobytes)
    {
        foreach (bool kernelLayout in new[] { true, false })
        {
            string text = Header + Line("Size", 4, true, kernelLayout) + Line("Rss", kilobytes, true, kernelLayout)
                + Line("Swap", 3, true, kernelLayout) + Line("THPeligible", 1, false, kernelLayout) + "VmFlags: rd wr mr mw me ac sd \n";
            var region = Assert.Single(Read(text));
            Assert.Equal(kilobytes * 1024, region.Rss);
            Assert.Equal(3072UL, region.Swap);
            Assert.Equal(1, region.ThpEligible);
            Assert.Null(region.Pss);
            Assert.Equal(new[] { "rd", "wr", "mr", "mw", "me", "ac", "sd" }, region.VmFlags);
        }
    }

    [Fact]
    public void Any_values_in_any_order_and_any_buffer_agree_with_the_text()
    {
        string[] keys = { "Rss", "Pss", "Pss_Dirty", "Shared_Clean", "Private_Dirty", "Private_Hugetlb", "Swap", "Locked" };
        Gen.Select(Gen.UInt[0, uint.MaxValue].Array[keys.Length], Gen.Bool.Array[keys.Length], Gen.Int[64, 200]).Sample((values, layouts, buffer) =>
        {
            var text = new StringBuilder(Header);
            for (int i = 0; i < keys.Length; i++)
            {
                text.Append(Line(keys[i], values[i], true, layouts[i]));
            }

            text.Append("VmFlags: rd zz mw \n").Append(Header).Append(Line("Rss", 1, true, true));
            var regions = Read(text.ToString(), buffer);
            Assert.Equal(2, regions.Length);
            Assert.Equal((ulong)values[0] * 1024, regions[0].Rss);
            Assert.Equal((ulong)values[1] * 1024, regions[0].Pss);
            Assert.Equal((ulong)values[2] * 1024, regions[0].PssDirty);
            Assert.Equal((ulong)values[3] * 1024, regions[0].SharedClean);
            Assert.Equal((ulong)values[4] * 1024, regions[0].PrivateDirty);
            Assert.Equal((ulong)values[5] * 1024, regions[0].PrivateHugetlb);
            Assert.Equal((ulong)values[6] * 1024, regions[0].Swap);
            Assert.Equal((ulong)values[7] * 1024, regions[0].Locked);
            Assert.Equal(new[] { "rd", "zz", "mw" }, regions[0].VmFlags);
            Assert.Equal(1024UL, regions[1].Rss);
            Assert.Null(regions[1].VmFlags);
        }, iter: 200);
    }

    [Fact]
    public void Reading_VmFlags_twice_gives_equal_arrays_that_do_not_share_changes()
    {
        var region = Assert.Single(Read(Header + "VmFlags: rd ex mr \n"));
        var first = (string[])region.VmFlags!;
        first[0] = "changed";
        Assert.Equal(new[] { "rd", "ex", "mr" }, region.VmFlags);
    }

    [Theory]
    [InlineData("Rss:           4x kB\n")]
    [InlineData("Rss:           -4 kB\n")]
    [InlineData("Rss:          4 4 kB\n")]
    [InlineData("Rss:            4 MB\n")]
    [InlineData("Rss:                kB\n")]
    public void A_malformed_value_is_an_error(string line)
    {
        Assert.Throws<ProcReadException>(() => Read(Header + line));
    }
}
