using System.Text;
using ProcMap.Linux;
using Xunit;

namespace ProcMap.Tests.Linux;

public class CpuListTests
{
    [Theory]
    [InlineData("0-1", new[] { 0, 1 })]
    [InlineData("0", new[] { 0 })]
    [InlineData("0-2,5,7-8", new[] { 0, 1, 2, 5, 7, 8 })]
    [InlineData("3 ", new[] { 3 })]
    public void Reads_the_kernel_bitmap_list_format(string text, int[] cpus)
    {
        Assert.True(CpuList.TryParse(Encoding.ASCII.GetBytes(text), out var parsed));
        Assert.Equal(cpus, parsed);
    }

    [Fact]
    public void An_empty_list_is_no_cpu()
    {
        Assert.True(CpuList.TryParse(default, out var parsed));
        Assert.Empty(parsed!);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("3-1")]
    [InlineData("0-100000")]
    [InlineData("1;2")]
    [InlineData("1,")]
    [InlineData("-1")]
    public void Rejects_what_is_not_a_cpu_list(string text) =>
        Assert.False(CpuList.TryParse(Encoding.ASCII.GetBytes(text), out _));
}
