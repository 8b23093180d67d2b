using System;
using System.IO;
using System.Linq;
using System.Text;
using ProcMap.Linux;
using Xunit;

namespace ProcMap.Tests.Linux;

public class StatFileTests
{
    private static (StatFields Fields, string Comm) Parse(string line)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(line);
        Assert.True(StatFile.TryParse(bytes, out var fields), line);
        return (fields, Encoding.UTF8.GetString(StatFile.Comm(bytes, fields)));
    }

    [Fact]
    public void Reads_the_real_time_priority_and_policy_of_fields_40_and_41()
    {
        string fields = string.Join(' ', System.Linq.Enumerable.Range(4, 36).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var (rt, _) = Parse("7 (x) S " + fields + " 42 1 0 0 0\n");
        Assert.Equal(42, rt.RealtimePriority);
        Assert.Equal(1, rt.Policy);

        // A kernel before 2.5.19 ends the line at field 39: neither is known.
        var (old, _) = Parse("7 (x) S " + fields + "\n");
        Assert.Equal(-1, old.RealtimePriority);
        Assert.Equal(-1, old.Policy);
        Assert.Equal(39, old.Processor);
    }

    [Fact]
    public void Reads_a_captured_line_whose_comm_holds_spaces_and_parentheses()
    {
        var (stat, comm) = Parse(File.ReadAllText(Path.Combine(Fixtures.ProcessListRoot, "4951", "stat")));

        Assert.Equal("my )app (x)", comm);
        Assert.Equal(4951, stat.ProcessId);
        Assert.Equal((byte)'S', stat.State);
        Assert.Equal(4944, stat.ParentProcessId);
        Assert.Equal(4951, stat.ProcessGroupId);
        Assert.Equal(4951, stat.SessionId);
        Assert.Equal(34816, stat.TtyNumber);
        Assert.Equal(4951, stat.TerminalProcessGroupId);
        Assert.Equal(20, stat.Priority);
        Assert.Equal(0, stat.Nice);
        Assert.Equal(1, stat.ThreadCount);
        Assert.Equal(216207UL, stat.StartTicks);
        Assert.Equal(2990080UL, stat.VirtualSize);
        Assert.Equal(409, stat.ResidentPages);
        Assert.Equal(1, stat.Processor);
    }

    [Theory]
    [InlineData("1 (a b) S 0 1 1 0 -1 0 0 0 0 0 7 8 0 0 20 0 1 0 5 6 7 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 3 0 0", "a b")]
    [InlineData("1 ((x)) S 0 1 1 0 -1 0 0 0 0 0 7 8 0 0 20 0 1 0 5 6 7 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 3 0 0", "(x)")]
    [InlineData("1 () ) S) S 0 1 1 0 -1 0 0 0 0 0 7 8 0 0 20 0 1 0 5 6 7 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 3 0 0", ") ) S")]
    [InlineData("1 () S 0 1 1 0 -1 0 0 0 0 0 7 8 0 0 20 0 1 0 5 6 7 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 3 0 0", "")]
    [InlineData("1 (kworker/u8:0-kvfree_rcu_reclaim) I 2 0 0 0 -1 0 0 0 0 0 7 8 0 0 20 0 1 0 5 6 7 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 3 0 0", "kworker/u8:0-kvfree_rcu_reclaim")]
    public void Takes_the_comm_from_the_first_open_to_the_last_close_parenthesis(string line, string comm)
    {
        var (stat, parsed) = Parse(line);

        Assert.Equal(comm, parsed);
        Assert.Equal(7UL, stat.UserTicks);
        Assert.Equal(8UL, stat.SystemTicks);
        Assert.Equal(5UL, stat.StartTicks);
        Assert.Equal(3, stat.Processor);
    }

    [Fact]
    public void Reads_a_comm_with_a_newline_and_negative_numbers()
    {
        var (stat, comm) = Parse(File.ReadAllText(Path.Combine(Fixtures.ProcessListRoot, "7001", "stat")));

        Assert.Equal("x) (y\nz)", comm);
        Assert.Equal((byte)'R', stat.State);
        Assert.Equal(-51, stat.Priority);
        Assert.Equal(-5, stat.Nice);
        Assert.Equal(1088, stat.TtyNumber);
    }

    [Fact]
    public void Skips_unsigned_fields_too_large_for_a_long()
    {
        // rsslim RLIM_INFINITY and a sigignore mask with bit 63 set are printed as %lu.
        var (stat, _) = Parse("9 (s) S 1 9 9 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 3 4 5 18446744073709551615 1 1 0 0 0 0 0 18446744073709551615 0 0 0 0 17 1 0 0 0 0 0");

        Assert.Equal(5, stat.ResidentPages);
        Assert.Equal(1, stat.Processor);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12 (name S 0 1 1 0 -1")] // no closing parenthesis
    [InlineData("(name) S 0 1 1 0 -1 0 0 0 0 0 7 8 0 0 20 0 1 0 5 6 7 8 1 1 0 0 0 0 0 0 0 0 0 0 17 3")] // no pid
    [InlineData("x1 (name) S 0 1 1 0 -1 0 0 0 0 0 7 8 0 0 20 0 1 0 5 6 7 8 1 1 0 0 0 0 0 0 0 0 0 0 17 3")]
    [InlineData("1 (name) S 0 1 1 0 -1 0 0 0 0 0 7 8 0 0 20")] // cut short before processor
    [InlineData("1 (name) S 0 1 1 x -1 0 0 0 0 0 7 8 0 0 20 0 1 0 5 6 7 8 1 1 0 0 0 0 0 0 0 0 0 0 17 3")]
    public void Rejects_lines_not_in_the_documented_format(string line)
    {
        Assert.False(StatFile.TryParse(Encoding.UTF8.GetBytes(line), out _));
    }

    private const string ArgumentAreaTail =
        " R 16811 16811 7358 0 -1 4194304 121 0 0 0 0 0 0 0 20 0 1 0 163315 3133440 407 18446744073709551615 94405188276224 " +
        "94405188296105 140728778662480 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 94405188312112 94405188313728 94405308035072 " +
        "140728778664422 140728778664426 140728778664426 140728778665963 0\n";

    [Theory]
    [InlineData("cat")]
    [InlineData("my (app) x")]
    [InlineData(") )(")]
    [InlineData("")]
    public void Reads_the_argv_area_after_any_comm(string comm)
    {
        byte[] line = Encoding.UTF8.GetBytes("16897 (" + comm + ")" + ArgumentAreaTail);

        Assert.True(StatFile.TryParse(line, out var fields, argumentArea: true));

        Assert.Equal(comm, Encoding.UTF8.GetString(StatFile.Comm(line, fields)));
        Assert.Equal(140728778664422UL, fields.ArgumentStart);
        Assert.Equal(140728778664426UL, fields.ArgumentEnd);
    }

    [Fact]
    public void Reads_the_argv_area_of_this_process_as_the_kernel_prints_it()
    {
        var stat = File.ReadAllBytes("/proc/self/stat");
        var cmdline = File.ReadAllBytes("/proc/self/cmdline");

        Assert.True(StatFile.TryParse(stat, out var fields, argumentArea: true));
        Assert.Equal((ulong)cmdline.Length, fields.ArgumentEnd - fields.ArgumentStart);
    }

    [Fact]
    public void A_kernel_before_3_5_without_the_argv_fields_gives_an_unknown_area()
    {
        byte[] line = "1 (init) S 0 1 1 0 -1 0 0 0 0 0 7 8 0 0 20 0 1 0 5 6 7 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 3 0 0"u8.ToArray();

        Assert.True(StatFile.TryParse(line, out var fields, argumentArea: true));

        Assert.Equal("init", Encoding.UTF8.GetString(StatFile.Comm(line, fields)));
        Assert.Equal(0UL, fields.ArgumentStart);
        Assert.Equal(0UL, fields.ArgumentEnd);
    }
}
