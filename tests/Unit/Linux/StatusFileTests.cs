using System.IO;
using System.Text;
using ProcMap.Linux;
using Xunit;

namespace ProcMap.Tests.Linux;

public class StatusFileTests
{
    [Fact]
    public void Reads_tgid_and_real_effective_saved_ids_from_a_capture()
    {
        byte[] text = File.ReadAllBytes(Path.Combine(Fixtures.ProcessListRoot, "4945", "task", "4949", "status"));

        Assert.True(StatusFile.TryParse(text, out var status));
        Assert.Equal(4945, status.ThreadGroupId);
        Assert.Equal(0u, status.UserId);
    }

    [Fact]
    public void Keeps_real_effective_and_saved_apart()
    {
        byte[] text = Encoding.UTF8.GetBytes("Name:\ts\nTgid:\t5\nNgid:\t0\nPid:\t5\nUid:\t1000\t0\t33\t0\nGid:\t100\t7\t7\t7\nNStgid:\t9\n");

        Assert.True(StatusFile.TryParse(text, out var status));
        Assert.Equal(5, status.ThreadGroupId);
        Assert.Equal(1000u, status.RealUserId);
        Assert.Equal(0u, status.UserId);
        Assert.Equal(33u, status.SavedUserId);
        Assert.Equal(100u, status.RealGroupId);
        Assert.Equal(7u, status.GroupId);
    }

    [Fact]
    public void Reads_groups_namespace_pid_affinity_and_context_switches_from_a_capture()
    {
        byte[] text = File.ReadAllBytes(Path.Combine(Fixtures.ProcessListRoot, "4945", "status"));

        Assert.True(StatusFile.TryParse(text, out var status));
        Assert.Equal(0u, status.SavedGroupId);
        Assert.Empty(status.SupplementaryGroupIds!);
        Assert.Equal(4945, status.NamespacePid);
        Assert.Equal(new[] { 0, 1 }, status.Affinity);
        Assert.Equal(2UL, status.VoluntaryContextSwitches);
        Assert.Equal(2UL, status.InvoluntaryContextSwitches);
    }

    [Fact]
    public void Takes_the_innermost_namespace_pid_every_group_and_each_cpu_range()
    {
        byte[] text = Encoding.UTF8.GetBytes(
            "Name:\ts\nTgid:\t5\nUid:\t1\t2\t3\t4\nGid:\t5\t6\t7\t8\nGroups:\t4 24 27 1000 \nNStgid:\t5\t1\nNSpid:\t5\t1\n"
            + "SigPnd:\t0000000000000000\nCpus_allowed_list:\t0-2,5,7-8\nvoluntary_ctxt_switches:\t12\nnonvoluntary_ctxt_switches:\t3\n");

        Assert.True(StatusFile.TryParse(text, out var status));
        Assert.Equal(7u, status.SavedGroupId);
        Assert.Equal(new uint[] { 4, 24, 27, 1000 }, status.SupplementaryGroupIds);
        Assert.Equal(1, status.NamespacePid);
        Assert.Equal(new[] { 0, 1, 2, 5, 7, 8 }, status.Affinity);
        Assert.Equal(12UL, status.VoluntaryContextSwitches);
        Assert.Equal(3UL, status.InvoluntaryContextSwitches);
    }

    [Theory]
    [InlineData("Groups:\tx\n")]
    [InlineData("NSpid:\t\n")]
    [InlineData("Cpus_allowed_list:\t3-1\n")]
    [InlineData("Cpus_allowed_list:\t0-100000\n")]
    [InlineData("voluntary_ctxt_switches:\t-1\n")]
    public void A_malformed_new_line_makes_the_file_unreadable(string line)
    {
        byte[] text = Encoding.UTF8.GetBytes("Tgid:\t5\nUid:\t1\t2\t3\t4\nGid:\t5\t6\t7\t8\n" + line);

        Assert.False(StatusFile.TryParse(text, out _));
    }

    [Fact]
    public void Reads_VmRSS_when_the_process_has_memory()
    {
        byte[] captured = File.ReadAllBytes(Path.Combine(Fixtures.ProcessListRoot, "4951", "status"));
        byte[] kernelThread = File.ReadAllBytes(Path.Combine(Fixtures.ProcessListRoot, "2", "status"));

        Assert.True(StatusFile.TryParse(captured, out var app));
        Assert.Equal(1808UL, app.ResidentKilobytes);
        Assert.True(StatusFile.TryParse(kernelThread, out var kthreadd));
        Assert.Null(kthreadd.ResidentKilobytes);
        Assert.False(StatusFile.TryParse(Encoding.UTF8.GetBytes("Tgid:\t5\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nVmRSS:\t  x kB\n"), out _));
    }

    [Fact]
    public void Finds_keys_only_at_the_start_of_a_line()
    {
        // NStgid comes before Tgid here, and the (escaped) name itself spells a key.
        byte[] text = Encoding.UTF8.GetBytes("Name:\tUid:\t5\nNStgid:\t77\nTgid:\t12\nUid:\t4294967294\t1\t2\t3\nGid:\t0\t0\t0\t0\n");

        Assert.True(StatusFile.TryParse(text, out var status));
        Assert.Equal(12, status.ThreadGroupId);
        Assert.Equal(4294967294u, status.RealUserId);
        Assert.Equal(1u, status.UserId);
    }

    [Theory]
    [InlineData("Name:\ts\nTgid:\t5\nGid:\t0\t0\t0\t0\n")] // no Uid line
    [InlineData("Name:\ts\nTgid:\t5\nUid:\t0\t0\nGid:\t0\t0\t0\t0\n")] // Uid line cut short
    [InlineData("Name:\ts\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n")] // no Tgid line
    [InlineData("Name:\ts\nTgid:\t5\nUid:\t4294967296\t0\t0\t0\nGid:\t0\t0\t0\t0\n")] // uid beyond 32 bits
    public void Rejects_status_text_without_the_lines_it_needs(string text)
    {
        Assert.False(StatusFile.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }
}
