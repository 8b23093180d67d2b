using System;
using System.Linq;
using System.Threading;
using ProcMap.Interop;
using ProcMap.Linux;
using Xunit;

namespace ProcMap.Tests.Linux;

public class ProcessListerTests
{
    private static readonly long Hz = LibC.SysConf(LibC._SC_CLK_TCK);
    private static readonly ulong PageSize = (ulong)Environment.SystemPageSize;

    private static ProcessInfo[] Read(ProcessSelector selector) =>
        new LinuxLiveSource(Fixtures.ProcessListRoot).ReadProcesses(selector, CancellationToken.None).ToArray();

    private static readonly ProcessSelector AllWithWaitChannels = new() { IncludeWaitChannel = true };

    [Fact]
    public void Lists_every_process_in_id_order_and_skips_one_that_vanished()
    {
        var processes = Read(ProcessSelector.All);

        Assert.Equal(new[] { 2, 4945, 4948, 4951, 7001 }, processes.Select(p => p.ProcessId));
        Assert.All(processes, p => Assert.Null(p.ThreadId));
    }

    [Fact]
    public void Fills_every_property_of_a_captured_process()
    {
        var app = Read(AllWithWaitChannels).Single(p => p.ProcessId == Fixtures.CapturedAppPid);

        Assert.Equal("my )app (x)", app.Name);
        Assert.Equal(app.ProcessId, app.Id);
        Assert.Equal(4944, app.ParentProcessId);
        Assert.Equal(4951, app.ProcessGroupId);
        Assert.Equal(4951, app.SessionId);
        Assert.Equal(4951, app.TerminalProcessGroupId);
        Assert.Equal(34816UL, app.TtyDevice);
        Assert.Equal("pts/0", app.TtyName);
        Assert.Equal(0u, app.UserId);
        Assert.Equal(0u, app.RealUserId);
        Assert.Equal(0u, app.SavedUserId);
        Assert.Equal("root", app.UserName);
        Assert.Equal("root", app.RealUserName);
        Assert.Equal(ProcessState.Sleeping, app.State);
        Assert.Equal("Ss+", app.Stat);
        Assert.Equal(0, app.Nice);
        Assert.Equal(20, app.Priority);
        Assert.Equal(1, app.ThreadCount);
        Assert.Equal(2990080UL, app.VirtualSize);
        Assert.Equal(1808UL * 1024, app.ResidentSize); // status VmRSS, exact; stat's 409 pages lag behind
        Assert.Equal(TimeSpan.Zero, app.UserCpuTime);
        Assert.Equal(1, app.Processor);
        Assert.Equal("hrtimer_nanosleep", app.WaitChannel);

        // btime 1795690955 from the fixture's /proc/stat plus starttime 216207 ticks.
        var expected = DateTime.UnixEpoch.AddSeconds(1795690955).AddTicks(216207 * TimeSpan.TicksPerSecond / Hz).ToLocalTime();
        Assert.Equal(expected, app.StartTime);
        Assert.Equal(DateTimeKind.Local, app.StartTime!.Value.Kind);
    }

    [Fact]
    public void Reads_hand_made_edge_cases()
    {
        var odd = Read(AllWithWaitChannels).Single(p => p.ProcessId == Fixtures.HandMadePid);

        Assert.Equal("x) (y\nz)", odd.Name);
        Assert.Equal(ProcessState.Running, odd.State);
        Assert.Equal("ttyS0", odd.TtyName);
        Assert.Equal(-5, odd.Nice);
        Assert.Equal(-51, odd.Priority);
        Assert.Equal(65534u, odd.RealUserId);
        Assert.Equal(0u, odd.UserId);
        Assert.Equal("nobody", odd.RealUserName);
        Assert.Equal("root", odd.UserName);
        Assert.Equal(TimeSpan.FromTicks(250 * TimeSpan.TicksPerSecond / Hz), odd.UserCpuTime);
        Assert.Equal(TimeSpan.FromTicks(125 * TimeSpan.TicksPerSecond / Hz), odd.SystemCpuTime);
        Assert.Null(odd.WaitChannel); // the kernel's "0"
        Assert.Equal(3UL * PageSize, odd.ResidentSize); // no VmRSS line: stat's rss pages
        Assert.Equal("R<s+", odd.Stat);
    }

    [Fact]
    public void Reads_kernel_threads_and_zombies()
    {
        var all = Read(AllWithWaitChannels);
        var kthreadd = all.Single(p => p.ProcessId == 2);
        var zombie = all.Single(p => p.ProcessId == Fixtures.CapturedZombiePid);

        Assert.Equal("kthreadd", kthreadd.Name);
        Assert.Equal(0, kthreadd.ProcessGroupId);
        Assert.Equal(0, kthreadd.SessionId);
        Assert.Null(kthreadd.TtyDevice);
        Assert.Null(kthreadd.TtyName);
        Assert.Null(kthreadd.TerminalProcessGroupId);
        Assert.Equal(0UL, kthreadd.VirtualSize);
        Assert.Equal("kthreadd", kthreadd.WaitChannel);
        Assert.Equal(ProcessState.Zombie, zombie.State);
        Assert.Equal("Z", zombie.Stat);
        Assert.Equal(0UL, zombie.ResidentSize);
        Assert.Null(zombie.WaitChannel);
    }

    [Fact]
    public void Gives_one_row_per_thread_with_its_own_name()
    {
        var threads = Read(new ProcessSelector { ProcessIds = new[] { Fixtures.CapturedThreadsPid }, IncludeThreads = true, IncludeWaitChannel = true });

        Assert.Equal(new int?[] { 4945, 4949, 4950 }, threads.Select(t => t.ThreadId)); // 4999 vanished
        Assert.All(threads, t => Assert.Equal(Fixtures.CapturedThreadsPid, t.ProcessId));
        Assert.Equal(new[] { "threads", "worker-1", "worker-2" }, threads.Select(t => t.Name));
        Assert.All(threads, t => Assert.Equal(3, t.ThreadCount));
        Assert.All(threads, t => Assert.Equal("__do_sys_pause", t.WaitChannel));
        Assert.All(threads, t => Assert.Equal("Sl", t.Stat));
    }

    [Fact]
    public void Leaves_the_wait_channel_unread_unless_asked()
    {
        Assert.All(Read(new ProcessSelector { IncludeThreads = true }), p => Assert.Null(p.WaitChannel));
        Assert.Equal("hrtimer_nanosleep", Read(new ProcessSelector { ProcessIds = new[] { Fixtures.CapturedAppPid }, IncludeWaitChannel = true })[0].WaitChannel);
    }

    [Fact]
    public void Lists_threads_of_every_selected_process_in_order()
    {
        var rows = Read(new ProcessSelector { IncludeThreads = true });

        Assert.Equal(
            new (int, int?)[] { (2, 2), (4945, 4945), (4945, 4949), (4945, 4950), (4948, 4948), (4951, 4951), (7001, 7001) },
            rows.Select(r => (r.ProcessId, r.ThreadId)));
    }

    [Fact]
    public void Selectors_and_together()
    {
        Assert.Equal(new[] { 2 }, Ids(new ProcessSelector { ProcessGroupIds = new[] { 0 } }));
        Assert.Equal(new[] { 4945, 4948 }, Ids(new ProcessSelector { SessionIds = new[] { 7354 } }));
        Assert.Equal(new[] { 4945, 4948 }, Ids(new ProcessSelector { ProcessGroupIds = new[] { 4939 } }));
        Assert.Equal(new[] { 4951 }, Ids(new ProcessSelector { TtyDevices = new[] { 34816UL } }));
        Assert.Equal(new[] { 4951, 7001 }, Ids(new ProcessSelector { TtyDevices = new[] { 34816UL, 1088UL } }));
        Assert.Equal(new[] { 7001 }, Ids(new ProcessSelector { RealUserIds = new[] { 65534u } }));
        Assert.Equal(new[] { 2, 4945, 4948, 4951, 7001 }, Ids(new ProcessSelector { UserIds = new[] { 0u } }));
        Assert.Empty(Ids(new ProcessSelector { UserIds = new[] { 65534u } }));
        Assert.Equal(new[] { 7001 }, Ids(new ProcessSelector { UserIds = new[] { 0u }, RealUserIds = new[] { 65534u } }));
        Assert.Empty(Ids(new ProcessSelector { TtyDevices = new[] { 34816UL }, RealUserIds = new[] { 65534u } }));
        Assert.Equal(new[] { 4951 }, Ids(new ProcessSelector { NameFilter = n => n.Contains(')', StringComparison.Ordinal) && n.StartsWith('m') }));
        Assert.Equal(new[] { 4945 }, Ids(new ProcessSelector { ProcessIds = new[] { 4951, 4945 }, SessionIds = new[] { 7354 } }));
    }

    [Fact]
    public void Asked_ids_come_sorted_and_once()
    {
        Assert.Equal(new[] { 2, 4951 }, Ids(new ProcessSelector { ProcessIds = new[] { 4951, 2, 4951 } }));
    }

    [Fact]
    public void An_asked_id_with_no_process_throws_ProcessNotFound()
    {
        var error = Assert.Throws<ProcessNotFoundException>(() => Read(new ProcessSelector { ProcessIds = new[] { Fixtures.VanishedPid } }));
        Assert.Equal(Fixtures.VanishedPid, error.ProcessId);

        Assert.Throws<ProcessNotFoundException>(() => Read(new ProcessSelector { ProcessIds = new[] { 99999 } }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    public void An_asked_id_below_1_is_an_invalid_argument(int id)
    {
        var error = Assert.Throws<ProcMapArgumentException>(() => Read(new ProcessSelector { ProcessIds = new[] { id } }));
        Assert.Equal(ErrorIds.InvalidProcessId, error.ErrorId);
    }

    [Fact]
    public void Stops_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() =>
            new LinuxLiveSource(Fixtures.ProcessListRoot).ReadProcesses(ProcessSelector.All, cancelled.Token).ToArray());
    }

    [Fact]
    public void A_missing_proc_root_is_a_read_error()
    {
        Assert.Throws<ProcReadException>(() =>
            new LinuxLiveSource("/nonexistent-procmap-root").ReadProcesses(ProcessSelector.All, CancellationToken.None).ToArray());
    }

    private static int[] Ids(ProcessSelector selector) => Read(selector).Select(p => p.ProcessId).ToArray();
}
