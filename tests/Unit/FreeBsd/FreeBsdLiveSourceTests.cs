using System;
using System.Collections;
using System.Linq;
using System.Threading;
using ProcMap.FreeBsd;
using Xunit;

namespace ProcMap.Tests.FreeBsd;

/// <summary>The whole FreeBSD source, sysctl numbers included, over a kernel made of byte fixtures.</summary>
public class FreeBsdLiveSourceTests
{
    // {CTL_KERN, KERN_PROC, op, arg} with the numbers of sys/sys/sysctl.h, written out on purpose.
    private static int[] Mib(int op, int arg) => new[] { 1, 14, op, arg };

    private static readonly KinfoProc Sleep = new() { Pid = 500, Pgid = 500, Sid = 400, Uid = 1001, Ruid = 1001, Tdev = 0x5c, Command = "sleep" };
    private static readonly KinfoProc Shell = new() { Pid = 400, Pgid = 400, Sid = 400, Uid = 1001, Ruid = 1001, Tdev = 0x5c, Command = "sh" };
    private static readonly KinfoProc Init = new() { Pid = 1, Pgid = 1, Sid = 1, Uid = 0, Ruid = 0, Command = "init" };

    [Fact]
    public void ReadVmMap_asks_KERN_PROC_VMMAP_and_decodes_the_records()
    {
        var kernel = new FakeFreeBsdKernel().Answer(Mib(32, 500), KinfoFixtures.Concat(
            KinfoFixtures.Packed(KinfoVmentryDecoderTests.Text), KinfoFixtures.Packed(KinfoVmentryDecoderTests.Heap)));

        var regions = new FreeBsdLiveSource(kernel).ReadVmMap(500, detailed: false, CancellationToken.None).ToArray();

        Assert.Equal(new[] { "1.14.32.500" }, kernel.Reads);
        Assert.Equal(2, regions.Length);
        Assert.All(regions, r => Assert.Equal(500, r.ProcessId));
        Assert.Equal("/bin/sleep", regions[0].Path);
        Assert.Equal(VmObjectType.Swap, regions[1].ObjectType);
    }

    [Fact]
    public void ReadVmMap_reports_missing_and_refused_processes_and_bad_ids()
    {
        var kernel = new FakeFreeBsdKernel().Fail(Mib(32, 1), FakeFreeBsdKernel.EPERM).Fail(Mib(32, 7), FakeFreeBsdKernel.EINVAL);
        var source = new FreeBsdLiveSource(kernel);

        var missing = Assert.Throws<ProcessNotFoundException>(() => source.ReadVmMap(99, false, CancellationToken.None));
        var refused = Assert.Throws<ProcessAccessDeniedException>(() => source.ReadVmMap(1, false, CancellationToken.None));
        var failed = Assert.Throws<ProcReadException>(() => source.ReadVmMap(7, false, CancellationToken.None));
        var invalid = Assert.Throws<ProcMapArgumentException>(() => source.ReadVmMap(0, false, CancellationToken.None));

        Assert.Equal(99, missing.ProcessId);
        Assert.Equal("kern.proc.vmmap.1", refused.Path);
        Assert.Equal("kern.proc.vmmap.7", failed.Path);
        Assert.Equal(ErrorIds.InvalidProcessId, invalid.ErrorId);
    }

    [Fact]
    public void ReadVmMap_reports_a_corrupt_buffer_at_the_call()
    {
        byte[] bad = KinfoFixtures.Packed(KinfoVmentryDecoderTests.Text);
        bad[0] = 0;
        bad[1] = 0;
        var kernel = new FakeFreeBsdKernel().Answer(Mib(32, 5), bad);

        var error = Assert.Throws<ProcReadException>(() => new FreeBsdLiveSource(kernel).ReadVmMap(5, false, CancellationToken.None));

        Assert.Equal("Cannot read kern.proc.vmmap.5: record 0 at byte 0 gives kve_structsize 0, below the 136 bytes of the fixed part of struct kinfo_vmentry (amd64 layout of sys/sys/user.h).", error.Message);
    }

    [Fact]
    public void Every_process_is_KERN_PROC_PROC_with_a_three_number_mib()
    {
        var kernel = new FakeFreeBsdKernel()
            .Answer(new[] { 1, 14, 8 }, KinfoFixtures.Concat(KinfoFixtures.Proc(Init), KinfoFixtures.Proc(Shell), KinfoFixtures.Proc(Sleep)));

        var all = new FreeBsdLiveSource(kernel).ReadProcesses(ProcessSelector.All, CancellationToken.None).ToArray();

        Assert.Equal(new[] { "1.14.8" }, kernel.Reads);
        Assert.Equal(new[] { 1, 400, 500 }, all.Select(p => p.ProcessId));
        Assert.Equal(new[] { "root", "alice", "alice" }, all.Select(p => p.UserName));
        Assert.Equal(new[] { null, "pts/0", "pts/0" }, all.Select(p => p.TtyName));
        Assert.Equal(new uint[] { 0, 1001 }, kernel.UserLookups);
        Assert.Equal(new ulong[] { 0x5c }, kernel.DeviceLookups);
        Assert.All(all, p => Assert.Null(p.ThreadId));
    }

    [Fact]
    public void Fills_both_user_names_and_the_four_signal_masks()
    {
        var odd = Sleep with { Pid = 600, Uid = 0, Ruid = 1001, PendingSignals = 1UL << 9, BlockedSignals = (1UL << 9) | (1UL << 40), IgnoredSignals = 1UL << 11, CaughtSignals = 1 };
        var kernel = new FakeFreeBsdKernel().Answer(Mib(1, 600), KinfoFixtures.Proc(odd));

        var row = Assert.Single(new FreeBsdLiveSource(kernel).ReadProcesses(new ProcessSelector { ProcessIds = new[] { 600 } }, CancellationToken.None));

        Assert.Equal("root", row.UserName);
        Assert.Equal("alice", row.RealUserName);
        Assert.Equal(1UL << 9, row.PendingSignals);
        Assert.Equal((1UL << 9) | (1UL << 40), row.BlockedSignals);
        Assert.Equal(1UL << 11, row.IgnoredSignals);
        Assert.Equal(1UL, row.CaughtSignals);
        Assert.Null(row.CurrentSignal);
    }

    [Fact]
    public void Resolves_users_through_the_user_database_and_terminals_under_dev()
    {
        using var source = new FreeBsdLiveSource(new FakeFreeBsdKernel());

        Assert.Equal(1001u, source.ResolveUser("alice"));
        Assert.Equal(0u, source.ResolveUser("root"));
        Assert.Equal(4242u, source.ResolveUser("4242"));
        Assert.Equal(ErrorIds.UnknownUser, Assert.Throws<ProcMapArgumentException>(() => source.ResolveUser("mallory")).ErrorId);

        Assert.Equal(0x5cUL, source.ResolveTty("pts/0"));
        Assert.Equal(0x5cUL, source.ResolveTty("/dev/pts/0"));
        Assert.Equal(0x5cUL, source.ResolveTty("92"));
        Assert.Equal(ErrorIds.UnknownTty, Assert.Throws<ProcMapArgumentException>(() => source.ResolveTty("ttyv9")).ErrorId);
    }

    [Fact]
    public void Selects_by_resolved_user_and_terminal_as_the_kernel_ops_ask()
    {
        var kernel = new FakeFreeBsdKernel()
            .Answer(Mib(5, 1001), KinfoFixtures.Concat(KinfoFixtures.Proc(Shell), KinfoFixtures.Proc(Sleep)))
            .Answer(Mib(4, 0x5c), KinfoFixtures.Concat(KinfoFixtures.Proc(Shell), KinfoFixtures.Proc(Sleep)));
        using var source = new FreeBsdLiveSource(kernel);

        var byUser = source.ReadProcesses(new ProcessSelector { UserIds = new[] { source.ResolveUser("alice") } }, CancellationToken.None).ToArray();
        var byTty = source.ReadProcesses(new ProcessSelector { TtyDevices = new[] { source.ResolveTty("pts/0") } }, CancellationToken.None).ToArray();

        Assert.Equal(new[] { 400, 500 }, byUser.Select(p => p.ProcessId));
        Assert.Equal(new[] { 400, 500 }, byTty.Select(p => p.ProcessId));
        Assert.Equal(new[] { "1.14.5.1001", "1.14.4.92" }, kernel.Reads);
    }

    [Fact]
    public void IncludeThreads_ors_KERN_PROC_INC_THREAD_into_the_op()
    {
        var kernel = new FakeFreeBsdKernel().Answer(new[] { 1, 14, 8 | 0x10 }, KinfoFixtures.Concat(
            KinfoFixtures.Proc(Sleep with { Tid = 100_001, ThreadName = "sleep" }), KinfoFixtures.Proc(Sleep with { Tid = 100_002, ThreadName = "worker" })));

        var rows = new FreeBsdLiveSource(kernel).ReadProcesses(new ProcessSelector { IncludeThreads = true }, CancellationToken.None).ToArray();

        Assert.Equal(new int?[] { 100_001, 100_002 }, rows.Select(r => r.ThreadId));
        Assert.Equal(new[] { "sleep", "worker" }, rows.Select(r => r.Name));
    }

    [Fact]
    public void Process_ids_are_asked_one_by_one_and_a_missing_one_throws_after_the_earlier_rows()
    {
        var kernel = new FakeFreeBsdKernel().Answer(Mib(1, 500), KinfoFixtures.Proc(Sleep)).Answer(Mib(1, 1), KinfoFixtures.Proc(Init));
        var selector = new ProcessSelector { ProcessIds = new[] { 500, 1, 500, 31337 } };

        var rows = new FreeBsdLiveSource(kernel).ReadProcesses(selector, CancellationToken.None).GetEnumerator();
        Assert.True(rows.MoveNext());
        Assert.Equal(500, rows.Current.ProcessId);
        Assert.True(rows.MoveNext());
        Assert.Equal(1, rows.Current.ProcessId);
        var error = Assert.Throws<ProcessNotFoundException>(() => rows.MoveNext());

        Assert.Equal(31337, error.ProcessId);
        Assert.Equal(new[] { "1.14.1.500", "1.14.1.1", "1.14.1.31337" }, kernel.Reads);
    }

    [Fact]
    public void A_thread_id_that_finds_its_process_is_not_that_process()
    {
        var kernel = new FakeFreeBsdKernel().Answer(Mib(1, 100_001), KinfoFixtures.Proc(Sleep));

        var rows = new FreeBsdLiveSource(kernel).ReadProcesses(new ProcessSelector { ProcessIds = new[] { 100_001 } }, CancellationToken.None);

        Assert.Equal(100_001, Assert.Throws<ProcessNotFoundException>(() => rows.ToArray()).ProcessId);
    }

    [Fact]
    public void Ids_below_one_are_rejected_at_the_call()
    {
        var source = new FreeBsdLiveSource(new FakeFreeBsdKernel());

        var error = Assert.Throws<ProcMapArgumentException>(() => source.ReadProcesses(new ProcessSelector { ProcessIds = new[] { 3, 0 } }, CancellationToken.None));

        Assert.Equal(ErrorIds.InvalidProcessId, error.ErrorId);
    }

    [Fact]
    public void The_criterion_with_fewest_values_becomes_the_kernel_op_and_the_rest_are_filtered()
    {
        // Two sessions and one process group: the kernel is asked by KERN_PROC_PGRP (2), the session
        // and name criteria are applied to what it returns.
        var kernel = new FakeFreeBsdKernel().Answer(Mib(2, 400), KinfoFixtures.Concat(
            KinfoFixtures.Proc(Shell), KinfoFixtures.Proc(Sleep with { Pgid = 400 }), KinfoFixtures.Proc(Sleep with { Pid = 501, Pgid = 400, Sid = 9 })));
        var selector = new ProcessSelector
        {
            SessionIds = new[] { 400, 401 },
            ProcessGroupIds = new[] { 400 },
            NameFilter = name => name.StartsWith('s'),
        };

        var rows = new FreeBsdLiveSource(kernel).ReadProcesses(selector, CancellationToken.None).ToArray();

        Assert.Equal(new[] { "1.14.2.400" }, kernel.Reads);
        Assert.Equal(new[] { 400, 500 }, rows.Select(r => r.ProcessId));
    }

    [Theory]
    [InlineData(5, 1001U)]
    [InlineData(6, 4294967294U)]
    public void User_ids_go_to_the_kernel_as_the_same_32_bits(int op, uint uid)
    {
        var selector = op == 5 ? new ProcessSelector { UserIds = new[] { uid } } : new ProcessSelector { RealUserIds = new[] { uid } };
        var kernel = new FakeFreeBsdKernel().Answer(Mib(op, unchecked((int)uid)), KinfoFixtures.Proc(Sleep with { Uid = uid, Ruid = uid }));

        var row = Assert.Single(new FreeBsdLiveSource(kernel).ReadProcesses(selector, CancellationToken.None));

        Assert.Equal(uid, row.UserId);
    }

    [Fact]
    public void Terminals_go_to_KERN_PROC_TTY_unless_the_number_does_not_fit_its_int()
    {
        var small = new FakeFreeBsdKernel().Answer(Mib(4, 0x5c), KinfoFixtures.Proc(Sleep));
        var large = new FakeFreeBsdKernel().Answer(new[] { 1, 14, 8 }, KinfoFixtures.Concat(
            KinfoFixtures.Proc(Sleep), KinfoFixtures.Proc(Shell with { Tdev = 0x1_0000_0005 })));

        var bySmall = new FreeBsdLiveSource(small).ReadProcesses(new ProcessSelector { TtyDevices = new ulong[] { 0x5c } }, CancellationToken.None).ToArray();
        var byLarge = new FreeBsdLiveSource(large).ReadProcesses(new ProcessSelector { TtyDevices = new ulong[] { 0x1_0000_0005 } }, CancellationToken.None).ToArray();

        Assert.Equal(new[] { "1.14.4.92" }, small.Reads);
        Assert.Equal(500, Assert.Single(bySmall).ProcessId);
        Assert.Equal(new[] { "1.14.8" }, large.Reads);
        Assert.Equal(400, Assert.Single(byLarge).ProcessId);
    }

    [Fact]
    public void An_empty_criterion_matches_nothing_without_asking()
    {
        var kernel = new FakeFreeBsdKernel();

        Assert.Empty(new FreeBsdLiveSource(kernel).ReadProcesses(new ProcessSelector { SessionIds = Array.Empty<int>() }, CancellationToken.None));
        Assert.Empty(kernel.Reads);
    }

    [Fact]
    public void A_corrupt_process_list_is_a_read_error_named_after_the_sysctl()
    {
        var kernel = new FakeFreeBsdKernel().Answer(new[] { 1, 14, 8 }, new byte[100]);

        var error = Assert.Throws<ProcReadException>(() => new FreeBsdLiveSource(kernel).ReadProcesses(ProcessSelector.All, CancellationToken.None).ToArray());

        Assert.Equal("kern.proc.proc", error.Path);
    }

    [Fact]
    public void ReadArguments_splits_argv_and_environment_and_names_the_process()
    {
        var kernel = new FakeFreeBsdKernel()
            .Answer(Mib(1, 500), KinfoFixtures.Proc(Sleep))
            .Answer(Mib(7, 500), KinfoFixtures.Strings("/bin/sleep", "", "it's 60"))
            .Answer(Mib(35, 500), KinfoFixtures.Strings("PATH=/bin", "HOME=/root", "PATH=/usr/bin", "EMPTY=", "NOEQUALS"));

        var reading = new FreeBsdLiveSource(kernel).ReadArguments(500, includeEnvironment: true, maxChars: 0, CancellationToken.None);

        var args = reading.Arguments;
        Assert.Null(reading.EnvironmentError);
        Assert.Equal(500, args.ProcessId);
        Assert.Equal("sleep", args.Name);
        Assert.Equal(new[] { "/bin/sleep", "", "it's 60" }, args.Arguments);
        Assert.Equal("/bin/sleep '' 'it'\\''s 60'", args.CommandLine);
        Assert.False(args.Truncated);
        Assert.False(args.Retitled);
        Assert.Equal(new[] { "PATH", "HOME", "EMPTY", "NOEQUALS" }, args.Environment!.Keys.Cast<string>());
        Assert.Equal("/bin", args.Environment["PATH"]);
        Assert.Equal("", args.Environment["EMPTY"]);
        Assert.Null(args.Environment["NOEQUALS"]);
        Assert.Equal(new[] { "1.14.1.500", "1.14.7.500", "1.14.35.500" }, kernel.Reads);
    }

    [Fact]
    public void ReadArguments_applies_nchr_to_argv_and_environment_separately()
    {
        var kernel = new FakeFreeBsdKernel()
            .Answer(Mib(1, 500), KinfoFixtures.Proc(Sleep))
            .Answer(Mib(7, 500), KinfoFixtures.Strings("sleep", "600"))
            .Answer(Mib(35, 500), KinfoFixtures.Strings("A=1", "LONG=abcdef"));
        var source = new FreeBsdLiveSource(kernel);

        var fits = source.ReadArguments(500, true, 10, CancellationToken.None).Arguments;
        var cut = source.ReadArguments(500, true, 8, CancellationToken.None).Arguments;

        Assert.Equal(new[] { "sleep", "600" }, fits.Arguments);
        // 10 bytes of "A=1\0LONG=abcdef\0": nine of them and the forced NUL.
        Assert.Equal(new[] { "A", "LONG" }, fits.Environment!.Keys.Cast<string>());
        Assert.Equal("", fits.Environment["LONG"]);
        Assert.True(fits.Truncated);
        Assert.Equal(new[] { "sleep", "6" }, cut.Arguments);
        Assert.True(cut.Truncated);
    }

    [Fact]
    public void A_refused_environment_still_gives_the_arguments_with_the_error_beside_them()
    {
        var kernel = new FakeFreeBsdKernel()
            .Answer(Mib(1, 1), KinfoFixtures.Proc(Init))
            .Answer(Mib(7, 1), KinfoFixtures.Strings("/sbin/init"))
            .Fail(Mib(35, 1), FakeFreeBsdKernel.EPERM);

        var reading = new FreeBsdLiveSource(kernel).ReadArguments(1, true, 0, CancellationToken.None);

        Assert.Equal(new[] { "/sbin/init" }, reading.Arguments.Arguments);
        Assert.Null(reading.Arguments.Environment);
        var denied = Assert.IsType<ProcessAccessDeniedException>(reading.EnvironmentError);
        Assert.Equal("kern.proc.env.1", denied.Path);
    }

    [Fact]
    public void A_kernel_process_has_empty_arguments_and_the_environment_is_not_read_unasked()
    {
        var kernel = new FakeFreeBsdKernel()
            .Answer(Mib(1, 12), KinfoFixtures.Proc(Init with { Pid = 12, Command = "intr" }))
            .Answer(Mib(7, 12), Array.Empty<byte>());

        var args = new FreeBsdLiveSource(kernel).ReadArguments(12, false, 0, CancellationToken.None).Arguments;

        Assert.Empty(args.Arguments);
        Assert.Equal("", args.CommandLine);
        Assert.Equal("intr", args.Name);
        Assert.Null(args.Environment);
        Assert.DoesNotContain("1.14.35.12", kernel.Reads);
    }

    [Fact]
    public void ReadArguments_reports_a_missing_process()
    {
        var error = Assert.Throws<ProcessNotFoundException>(() => new FreeBsdLiveSource(new FakeFreeBsdKernel()).ReadArguments(77, true, 0, CancellationToken.None));

        Assert.Equal(77, error.ProcessId);
    }

    [Fact]
    public void Describes_itself_for_messages()
    {
        Assert.Equal("live FreeBSD", new FreeBsdLiveSource(new FakeFreeBsdKernel()).Description);
    }
}
