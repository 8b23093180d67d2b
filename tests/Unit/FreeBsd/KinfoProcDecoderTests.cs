using System;
using System.Linq;
using System.Threading;
using ProcMap.FreeBsd;
using Xunit;

namespace ProcMap.Tests.FreeBsd;

public class KinfoProcDecoderTests
{
    private const string Source = "kern.proc.proc";

    private static ProcessInfo DecodeOne(KinfoProc proc, bool threadRow = false) =>
        Assert.Single(KinfoProcDecoder.Decode(KinfoFixtures.Proc(proc), threadRow, 4096, Source, CancellationToken.None));

    [Fact]
    public void Decodes_every_field_of_a_1088_byte_record()
    {
        var proc = new KinfoProc
        {
            Pid = 4242, Ppid = 77, Pgid = 4240, Sid = 4000, Tdev = 0x5c, Uid = 1001, Ruid = 1002, Svuid = 1003, Rgid = 20,
            Groups = new uint[] { 21, 0, 5 }, Size = 13_893_632, RssPages = 725, StartSeconds = 1_700_000_000,
            StartMicroseconds = 250_000, Stat = 2, Nice = -5, Command = "sleep", LastCpu = 3, ThreadCount = 4,
            Tid = 100_123, PriorityLevel = 152, UserSeconds = 2, UserMicroseconds = 500_000, SystemSeconds = 0,
            SystemMicroseconds = 1_000, WaitMessage = "nanslp", Svgid = 23, VoluntarySwitches = 1234, InvoluntarySwitches = 56,
        };

        var p = DecodeOne(proc);

        Assert.Equal(4242, p.ProcessId);
        Assert.Equal(4242, p.Id);
        Assert.Null(p.ThreadId);
        Assert.Equal(77, p.ParentProcessId);
        Assert.Equal(4240, p.ProcessGroupId);
        Assert.Equal(4000, p.SessionId);
        Assert.Equal(0x5cUL, p.TtyDevice);
        Assert.Null(p.TtyName);
        Assert.Equal(1001U, p.UserId);
        Assert.Equal(1002U, p.RealUserId);
        Assert.Equal(1003U, p.SavedUserId);
        Assert.Equal(21U, p.GroupId);
        Assert.Equal(20U, p.RealGroupId);
        Assert.Null(p.UserName);
        Assert.Equal("sleep", p.Name);
        Assert.Equal(ProcessState.Running, p.State);
        Assert.Equal(-5, p.Nice);
        Assert.Equal(152, p.Priority);
        Assert.Equal(4, p.ThreadCount);
        Assert.Equal(13_893_632UL, p.VirtualSize);
        Assert.Equal(725UL * 4096, p.ResidentSize);
        Assert.Equal(DateTime.UnixEpoch.AddSeconds(1_700_000_000.25).ToLocalTime(), p.StartTime);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), p.UserCpuTime);
        Assert.Equal(TimeSpan.FromMilliseconds(1), p.SystemCpuTime);
        Assert.Equal(3, p.Processor);
        Assert.Equal("nanslp", p.WaitChannel);
        Assert.Equal(23U, p.SavedGroupId);
        Assert.Equal(new uint[] { 0, 5 }, p.SupplementaryGroupIds);
        Assert.Equal(SchedulingPolicy.Other, p.SchedulingPolicy);
        Assert.Null(p.RealtimePriority);
        Assert.Equal(1234UL, p.VoluntaryContextSwitches);
        Assert.Equal(56UL, p.InvoluntaryContextSwitches);

        // What kinfo_proc does not carry stays null.
        Assert.Null(p.Executable);
        Assert.Null(p.ControlGroup);
        Assert.Null(p.Unit);
        Assert.Null(p.NamespacePid);
        Assert.Null(p.Affinity);
        Assert.Null(p.OpenFileCount);
    }

    [Theory]
    [InlineData(2, 60, SchedulingPolicy.RoundRobin, 12)]
    [InlineData(10, 48, SchedulingPolicy.Fifo, 0)]
    [InlineData(4, 255, SchedulingPolicy.Idle, null)]
    [InlineData(1, 20, null, null)]
    public void The_priority_class_is_the_policy_and_rtprio_the_real_time_priority(byte priorityClass, byte userPriority, SchedulingPolicy? policy, int? rtprio)
    {
        var p = DecodeOne(new KinfoProc { PriorityClass = priorityClass, PriorityUser = userPriority });
        Assert.Equal(policy, p.SchedulingPolicy);
        Assert.Equal(rtprio, p.RealtimePriority);
    }

    [Fact]
    public void Thread_rows_carry_the_thread_id_and_the_whole_thread_name()
    {
        var proc = new KinfoProc { Command = "firefox", ThreadName = "DOM Worker 0123", MoreThreadName = "45", Tid = 100_777 };

        var row = DecodeOne(proc, threadRow: true);
        var unnamed = DecodeOne(proc with { ThreadName = "", MoreThreadName = "" }, threadRow: true);

        Assert.Equal(100_777, row.ThreadId);
        Assert.Equal("DOM Worker 012345", row.Name);
        Assert.Equal("firefox", unnamed.Name);
        Assert.Equal("firefox", DecodeOne(proc).Name);
    }

    [Fact]
    public void A_full_length_command_without_a_NUL_is_read_whole()
    {
        Assert.Equal("abcdefghijklmnopqrst", DecodeOne(new KinfoProc { Command = "abcdefghijklmnopqrstuvwxyz" }).Name);
    }

    [Fact]
    public void Unknowns_are_null_not_zero()
    {
        var p = DecodeOne(new KinfoProc { Tdev = ulong.MaxValue, Groups = Array.Empty<uint>(), LastCpu = -1, StartSeconds = 0, StartMicroseconds = 0, RssPages = -1 });

        Assert.Null(p.TtyDevice);
        Assert.Null(p.GroupId);
        Assert.Null(p.Processor);
        Assert.Null(p.StartTime);
        Assert.Null(p.ResidentSize);
        Assert.Null(p.WaitChannel);
    }

    [Theory]
    [InlineData(1, 0, ProcessState.Creating)]
    [InlineData(2, 0, ProcessState.Running)]
    [InlineData(3, 0x8, ProcessState.Sleeping)]
    [InlineData(3, 0x0, ProcessState.DiskSleep)]
    [InlineData(4, 0, ProcessState.Stopped)]
    [InlineData(5, 0, ProcessState.Zombie)]
    [InlineData(6, 0, ProcessState.WaitingForInterrupt)]
    [InlineData(7, 0, ProcessState.Locked)]
    [InlineData(0, 0, ProcessState.Unknown)]
    [InlineData(9, 0, ProcessState.Unknown)]
    public void Maps_ki_stat_like_ps(byte stat, long tdflags, ProcessState state)
    {
        Assert.Equal(state, DecodeOne(new KinfoProc { Stat = stat, TdFlags = tdflags }).State);
    }

    [Fact]
    public void A_thread_blocked_on_a_lock_waits_on_star_lockname()
    {
        Assert.Equal("*vm map", DecodeOne(new KinfoProc { KiFlag = 0x4, LockName = "vm map", WaitMessage = "ignored" }).WaitChannel);
    }

    [Fact]
    public void Walks_several_records()
    {
        byte[] buffer = KinfoFixtures.Concat(KinfoFixtures.Proc(new KinfoProc { Pid = 1 }), KinfoFixtures.Proc(new KinfoProc { Pid = 2 }), KinfoFixtures.Proc(new KinfoProc { Pid = 3 }));

        Assert.Equal(new[] { 1, 2, 3 }, KinfoProcDecoder.Decode(buffer, false, 4096, Source, CancellationToken.None).Select(p => p.ProcessId));
        Assert.Equal(3, KinfoProcDecoder.Validate(buffer, Source));
    }

    [Theory]
    [InlineData(0, "gives ki_structsize 0, below the 1088 bytes of the fixed part of struct kinfo_proc")]
    [InlineData(-1088, "gives ki_structsize -1088, below")]
    [InlineData(1087, "gives ki_structsize 1087, below")]
    [InlineData(768, "gives ki_structsize 768, below")]
    [InlineData(1089, "gives ki_structsize 1089, but only 1088 bytes are left")]
    public void An_inconsistent_ki_structsize_is_reported(int size, string expected)
    {
        byte[] second = KinfoFixtures.Proc(new KinfoProc());
        BitConverter.TryWriteBytes(second.AsSpan(0, 4), size);
        byte[] buffer = KinfoFixtures.Concat(KinfoFixtures.Proc(new KinfoProc()), second);

        var error = Assert.Throws<ProcReadException>(() => KinfoProcDecoder.Decode(buffer, false, 4096, Source, CancellationToken.None));

        Assert.StartsWith("Cannot read kern.proc.proc: record 1 at byte 1088", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
