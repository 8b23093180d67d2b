using ProcMap.FreeBsd;
using Xunit;

namespace ProcMap.Tests.FreeBsd;

/// <summary>The decoders' offset tables against the structs laid out from sys/sys/user.h's field lists.</summary>
public class KinfoLayoutTests
{
    private static readonly CStructLayout V = FreeBsdStructs.KinfoVmentry;
    private static readonly CStructLayout P = FreeBsdStructs.KinfoProc;

    [Fact]
    public void The_header_field_lists_give_the_documented_struct_sizes()
    {
        // KINFO_VMENTRY_SIZE and KINFO_PROC_SIZE (amd64) in sys/sys/user.h.
        Assert.Equal(1160, V.Size);
        Assert.Equal(1088, P.Size);
        Assert.Equal(KinfoVmentryLayout.FullSize, V.Size);
        Assert.Equal(KinfoProcLayout.Size, P.Size);
    }

    [Fact]
    public void Every_kinfo_vmentry_offset_matches_the_header()
    {
        Assert.Equal(KinfoVmentryLayout.StructSize, V["kve_structsize"]);
        Assert.Equal(KinfoVmentryLayout.Type, V["kve_type"]);
        Assert.Equal(KinfoVmentryLayout.Start, V["kve_start"]);
        Assert.Equal(KinfoVmentryLayout.End, V["kve_end"]);
        Assert.Equal(KinfoVmentryLayout.Offset, V["kve_offset"]);
        Assert.Equal(KinfoVmentryLayout.VnodeFileId, V["kve_vn_fileid"]);
        Assert.Equal(KinfoVmentryLayout.Flags, V["kve_flags"]);
        Assert.Equal(KinfoVmentryLayout.Resident, V["kve_resident"]);
        Assert.Equal(KinfoVmentryLayout.PrivateResident, V["kve_private_resident"]);
        Assert.Equal(KinfoVmentryLayout.Protection, V["kve_protection"]);
        Assert.Equal(KinfoVmentryLayout.RefCount, V["kve_ref_count"]);
        Assert.Equal(KinfoVmentryLayout.ShadowCount, V["kve_shadow_count"]);
        Assert.Equal(KinfoVmentryLayout.Status, V["kve_status"]);
        Assert.Equal(KinfoVmentryLayout.VnodeFsid, V["kve_type_spec"]);
        Assert.Equal(KinfoVmentryLayout.Path, V["kve_path"]);
        Assert.Equal(136, KinfoVmentryLayout.FixedSize);
    }

    [Fact]
    public void Every_kinfo_proc_offset_matches_the_header()
    {
        Assert.Equal(KinfoProcLayout.StructSize, P["ki_structsize"]);
        Assert.Equal(KinfoProcLayout.ProcessId, P["ki_pid"]);
        Assert.Equal(KinfoProcLayout.ParentProcessId, P["ki_ppid"]);
        Assert.Equal(KinfoProcLayout.ProcessGroupId, P["ki_pgid"]);
        Assert.Equal(KinfoProcLayout.SessionId, P["ki_sid"]);
        Assert.Equal(KinfoProcLayout.UserId, P["ki_uid"]);
        Assert.Equal(KinfoProcLayout.PendingSignals, P["ki_siglist"]);
        Assert.Equal(KinfoProcLayout.BlockedSignals, P["ki_sigmask"]);
        Assert.Equal(KinfoProcLayout.IgnoredSignals, P["ki_sigignore"]);
        Assert.Equal(KinfoProcLayout.CaughtSignals, P["ki_sigcatch"]);
        Assert.Equal(KinfoProcLayout.RealUserId, P["ki_ruid"]);
        Assert.Equal(KinfoProcLayout.SavedUserId, P["ki_svuid"]);
        Assert.Equal(KinfoProcLayout.RealGroupId, P["ki_rgid"]);
        Assert.Equal(KinfoProcLayout.SavedGroupId, P["ki_svgid"]);
        Assert.Equal(KinfoProcLayout.PriorityClass, P["ki_pri"]);
        Assert.Equal(KinfoProcLayout.PriorityUser, P["ki_pri"] + 3);
        Assert.Equal(KinfoProcLayout.VoluntaryContextSwitches, P["ki_rusage"] + 32 + (12 * 8));
        Assert.Equal(KinfoProcLayout.InvoluntaryContextSwitches, P["ki_rusage"] + 32 + (13 * 8));
        Assert.Equal(KinfoProcLayout.GroupCount, P["ki_ngroups"]);
        Assert.Equal(KinfoProcLayout.Groups, P["ki_groups"]);
        Assert.Equal(KinfoProcLayout.VirtualSize, P["ki_size"]);
        Assert.Equal(KinfoProcLayout.ResidentPages, P["ki_rssize"]);
        Assert.Equal(KinfoProcLayout.Start, P["ki_start"]);
        Assert.Equal(KinfoProcLayout.KiFlags, P["ki_kiflag"]);
        Assert.Equal(KinfoProcLayout.State, P["ki_stat"]);
        Assert.Equal(KinfoProcLayout.Nice, P["ki_nice"]);
        Assert.Equal(KinfoProcLayout.ThreadName, P["ki_tdname"]);
        Assert.Equal(KinfoProcLayout.ThreadNameLength, P.SizeOf("ki_tdname"));
        Assert.Equal(KinfoProcLayout.WaitMessage, P["ki_wmesg"]);
        Assert.Equal(KinfoProcLayout.WaitMessageLength, P.SizeOf("ki_wmesg"));
        Assert.Equal(KinfoProcLayout.LockName, P["ki_lockname"]);
        Assert.Equal(KinfoProcLayout.LockNameLength, P.SizeOf("ki_lockname"));
        Assert.Equal(KinfoProcLayout.Command, P["ki_comm"]);
        Assert.Equal(KinfoProcLayout.CommandLength, P.SizeOf("ki_comm"));
        Assert.Equal(KinfoProcLayout.MoreThreadName, P["ki_moretdname"]);
        Assert.Equal(KinfoProcLayout.MoreThreadNameLength, P.SizeOf("ki_moretdname"));
        Assert.Equal(KinfoProcLayout.TtyDevice, P["ki_tdev"]);
        Assert.Equal(KinfoProcLayout.LastCpu, P["ki_lastcpu"]);
        Assert.Equal(KinfoProcLayout.ThreadCount, P["ki_numthreads"]);
        Assert.Equal(KinfoProcLayout.ThreadId, P["ki_tid"]);
        Assert.Equal(KinfoProcLayout.PriorityLevel, P["ki_pri"] + 1);
        Assert.Equal(KinfoProcLayout.UserTime, P["ki_rusage"]);
        Assert.Equal(KinfoProcLayout.SystemTime, P["ki_rusage"] + 16);
        Assert.Equal(KinfoProcLayout.ThreadFlags, P["ki_tdflags"]);
    }
}
