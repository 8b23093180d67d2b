using System.Text;
using ProcMap.Linux;
using Xunit;

namespace ProcMap.Tests.Linux;

public class StatFileTests
{
    private const string Tail =
        " R 16811 16811 7358 0 -1 4194304 121 0 0 0 0 0 0 0 20 0 1 0 163315 3133440 407 18446744073709551615 94405188276224 " +
        "94405188296105 140728778662480 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 94405188312112 94405188313728 94405308035072 " +
        "140728778664422 140728778664426 140728778664426 140728778665963 0\n";

    [Theory]
    [InlineData("cat", "cat")]
    [InlineData("my (app) x", "my (app) x")]
    [InlineData(") )(", ") )(")]
    [InlineData("", "")]
    public void Takes_the_name_up_to_the_last_parenthesis(string comm, string expected)
    {
        Assert.True(StatFile.TryParse(Encoding.UTF8.GetBytes("16897 (" + comm + ")" + Tail), out var name, out ulong start, out ulong end));

        Assert.Equal(expected, Encoding.UTF8.GetString(name));
        Assert.Equal(140728778664422UL, start);
        Assert.Equal(140728778664426UL, end);
    }

    [Fact]
    public void Reads_the_argv_area_of_this_process_as_the_kernel_prints_it()
    {
        var stat = System.IO.File.ReadAllBytes("/proc/self/stat");
        var cmdline = System.IO.File.ReadAllBytes("/proc/self/cmdline");

        Assert.True(StatFile.TryParse(stat, out _, out ulong start, out ulong end));
        Assert.Equal((ulong)cmdline.Length, end - start);
    }

    [Fact]
    public void An_old_kernel_without_the_argv_fields_gives_an_unknown_area()
    {
        Assert.True(StatFile.TryParse("1 (init) S 0 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 3 0 0"u8, out var name, out ulong start, out ulong end));

        Assert.Equal("init", Encoding.UTF8.GetString(name));
        Assert.Equal(0UL, start);
        Assert.Equal(0UL, end);
    }

    [Theory]
    [InlineData("4254 no parentheses here")]
    [InlineData("4254 ) backwards (")]
    public void A_line_without_the_name_field_is_rejected(string line)
    {
        Assert.False(StatFile.TryParse(Encoding.UTF8.GetBytes(line), out _, out _, out _));
    }
}
