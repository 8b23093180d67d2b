using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using ProcMap.Interop;
using ProcMap.Linux;
using Xunit;

namespace ProcMap.Tests.Linux;

/// <summary>The lister against the running kernel.</summary>
public class ProcessListerLiveTests
{
    private static ProcessInfo[] Read(ProcessSelector selector) =>
        new LinuxLiveSource().ReadProcesses(selector, CancellationToken.None).ToArray();

    [Fact]
    public void Reads_this_process_as_proc_self_shows_it()
    {
        int self = Environment.ProcessId;
        var me = Assert.Single(Read(new ProcessSelector { ProcessIds = new[] { self } }));
        string stat = File.ReadAllText("/proc/self/stat");
        string[] afterComm = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

        Assert.Equal(self, me.ProcessId);
        Assert.Equal(File.ReadAllText("/proc/self/comm").TrimEnd('\n'), me.Name);
        Assert.Equal(int.Parse(afterComm[1], CultureInfo.InvariantCulture), me.ParentProcessId);
        Assert.Equal(int.Parse(afterComm[2], CultureInfo.InvariantCulture), me.ProcessGroupId);
        Assert.Equal(int.Parse(afterComm[3], CultureInfo.InvariantCulture), me.SessionId);
        long btime = long.Parse(File.ReadLines("/proc/stat").First(l => l.StartsWith("btime ", StringComparison.Ordinal))[6..], CultureInfo.InvariantCulture);
        long startTicks = long.Parse(afterComm[19], CultureInfo.InvariantCulture);
        long hz = LibC.SysConf(LibC._SC_CLK_TCK);
        Assert.Equal(DateTime.UnixEpoch.AddSeconds(btime).AddTicks(startTicks * TimeSpan.TicksPerSecond / hz).ToLocalTime(), me.StartTime);
        // And as .NET tells it, from the same starttime by its own reckoning of the boot time: within the second
        // btime is truncated to (and a second more for rounding), not held to the wall clock's now.
        var runtime = System.Diagnostics.Process.GetCurrentProcess().StartTime;
        Assert.InRange((me.StartTime!.Value - runtime).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(2));
        Assert.True(me.ThreadCount > 1);
    }

    [Fact]
    public void Lists_init_and_kernel_threads_and_this_process()
    {
        var all = Read(ProcessSelector.All);

        // Only what is sure to be there: init, this process and kthreadd (pid 2 in the initial pid namespace).
        // Which other kernel threads and processes run is the machine's business, and changes as it runs.
        Assert.Contains(all, p => p.ProcessId == 1);
        Assert.Contains(all, p => p.ProcessId == Environment.ProcessId);
        if (File.ReadAllText("/proc/2/stat").StartsWith("2 (kthreadd)", StringComparison.Ordinal))
        {
            var kthreadd = Assert.Single(all, p => p.ProcessId == 2);
            Assert.Equal("kthreadd", kthreadd.Name);
            Assert.Equal(0, kthreadd.ParentProcessId);
            Assert.Equal(0UL, kthreadd.VirtualSize);
        }

        Assert.Equal(all.Select(p => p.ProcessId).OrderBy(id => id), all.Select(p => p.ProcessId));
        Assert.Equal(all.Length, all.Select(p => p.ProcessId).Distinct().Count());
    }

    [Fact]
    public void A_thread_id_is_not_a_process_id()
    {
        int self = Environment.ProcessId;
        int thread = Directory.EnumerateDirectories($"/proc/{self}/task")
            .Select(d => int.Parse(Path.GetFileName(d), CultureInfo.InvariantCulture))
            .First(tid => tid != self);

        Assert.Throws<ProcessNotFoundException>(() => Read(new ProcessSelector { ProcessIds = new[] { thread } }));
    }

    [Fact]
    public void Resolves_users_by_name_and_number()
    {
        var source = new LinuxLiveSource();

        Assert.Equal(0u, source.ResolveUser("root"));
        Assert.Equal(65534u, source.ResolveUser("nobody"));
        Assert.Equal(12345u, source.ResolveUser("12345"));
        var error = Assert.Throws<ProcMapArgumentException>(() => source.ResolveUser("no-such-user-procmap"));
        Assert.Equal(ErrorIds.UnknownUser, error.ErrorId);
        Assert.Equal("no-such-user-procmap", error.Target);
    }

    [Fact]
    public void Resolves_terminals_by_name_and_number_and_refuses_other_files()
    {
        var source = new LinuxLiveSource();

        Assert.Equal(1280UL, source.ResolveTty("tty")); // /dev/tty is 5:0
        Assert.Equal(1280UL, source.ResolveTty("/dev/tty"));
        Assert.Equal(34819UL, source.ResolveTty("34819"));
        foreach (string bad in new[] { "null", "/dev/null", "/etc/passwd", "pts/999999", "no-such-tty", "0", "" })
        {
            var error = Assert.Throws<ProcMapArgumentException>(() => source.ResolveTty(bad));
            Assert.Equal(ErrorIds.UnknownTty, error.ErrorId);
        }
    }

    [Fact]
    public void The_user_database_names_uids_through_nss()
    {
        var users = new UserDatabase();

        Assert.Equal("root", users.NameOf(0));
        Assert.Equal("nobody", users.NameOf(65534));
        Assert.Null(users.NameOf(4000000000));
        Assert.True(users.TryFindUser("nobody", out uint nobody));
        Assert.Equal(65534u, nobody);
        Assert.False(users.TryFindUser("", out _));
        Assert.False(users.TryFindUser("a\0b", out _));
    }
}
