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
