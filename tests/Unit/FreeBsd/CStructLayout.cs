using System;
using System.Collections.Generic;

namespace ProcMap.Tests.FreeBsd;

/// <summary>
/// Lays out a C struct the way an LP64 compiler does: each field at the next multiple of its alignment,
/// the whole rounded up to the largest alignment. The fixtures are built from the header's field list
/// through this, never from the decoder's offset table, so a wrong offset there shows up as a failure.
/// </summary>
internal sealed class CStructLayout
{
    private readonly Dictionary<string, (int Offset, int Size)> _fields = new(StringComparer.Ordinal);
    private int _end;
    private int _alignment = 1;

    public int Size => (_end + _alignment - 1) / _alignment * _alignment;

    public int this[string field] => _fields[field].Offset;

    public int SizeOf(string field) => _fields[field].Size;

    public CStructLayout Field(string name, int size, int alignment)
    {
        _end = (_end + alignment - 1) / alignment * alignment;
        _fields.Add(name, (_end, size));
        _end += size;
        _alignment = Math.Max(_alignment, alignment);
        return this;
    }

    public CStructLayout Char(string name, int count = 1) => Field(name, count, 1);

    public CStructLayout Short(string name, int count = 1) => Field(name, 2 * count, 2);

    public CStructLayout Int(string name, int count = 1) => Field(name, 4 * count, 4);

    public CStructLayout Long(string name, int count = 1) => Field(name, 8 * count, 8);

    public CStructLayout Pointer(string name, int count = 1) => Field(name, 8 * count, 8);
}

/// <summary>
/// The C type sizes that differ between FreeBSD's ABIs (sys/<arch>/include/_types.h): pointers and long
/// (also size_t, vm_size_t, segsz_t), time_t (32-bit on i386 only), and the alignment of 64-bit integers
/// (4 on i386's SysV ABI, 8 on ARM EABI and LP64).
/// </summary>
internal sealed record FreeBsdAbi(string Name, ushort Machine, bool Is64, int Long, int Time, int Align64)
{
    public static readonly FreeBsdAbi Amd64 = new("amd64", 62, true, 8, 8, 8);
    public static readonly FreeBsdAbi Arm64 = new("arm64", 183, true, 8, 8, 8);
    public static readonly FreeBsdAbi I386 = new("i386", 3, false, 4, 4, 4);
    public static readonly FreeBsdAbi Armv7 = new("armv7", 40, false, 4, 8, 8);

    public static readonly FreeBsdAbi[] All = [Amd64, Arm64, I386, Armv7];

    public int TimevalAlign => Math.Max(Time == 8 ? Align64 : 4, Long);

    public int TimevalSize => (Time + Long + TimevalAlign - 1) / TimevalAlign * TimevalAlign;

    public int RusageSize => (2 * TimevalSize) + (14 * Long);
}

/// <summary>The structs of freebsd-src sys/sys/user.h @29363fb4, field by field, with each ABI's type sizes.</summary>
internal static class FreeBsdStructs
{
    public static readonly CStructLayout KinfoVmentry = new CStructLayout()
        .Int("kve_structsize").Int("kve_type")
        .Long("kve_start").Long("kve_end").Long("kve_offset").Long("kve_vn_fileid")
        .Int("kve_vn_fsid_freebsd11").Int("kve_flags").Int("kve_resident").Int("kve_private_resident")
        .Int("kve_protection").Int("kve_ref_count").Int("kve_shadow_count").Int("kve_vn_type")
        .Long("kve_vn_size").Int("kve_vn_rdev_freebsd11").Short("kve_vn_mode").Short("kve_status")
        .Long("kve_type_spec").Long("kve_vn_rdev").Int("_kve_ispare", 8)
        .Char("kve_path", 1024);

    public static readonly CStructLayout KinfoProc = KinfoProcOf(FreeBsdAbi.Amd64);

    // sigset_t is struct { uint32_t __bits[4] }, struct timeval { time_t; suseconds_t (long) },
    // struct priority four u_char, struct rusage two timevals and 14 longs.
    public static CStructLayout KinfoProcOf(FreeBsdAbi abi)
    {
        int l = abi.Long;
        return new CStructLayout()
            .Int("ki_structsize").Int("ki_layout")
            .Field("ki_args", l, l).Field("ki_paddr", l, l).Field("ki_addr", l, l).Field("ki_tracep", l, l).Field("ki_textvp", l, l)
            .Field("ki_fd", l, l).Field("ki_vmspace", l, l).Field("ki_wchan", l, l)
            .Int("ki_pid").Int("ki_ppid").Int("ki_pgid").Int("ki_tpgid").Int("ki_sid").Int("ki_tsid")
            .Short("ki_jobc").Short("ki_spare_short1").Int("ki_tdev_freebsd11")
            .Int("ki_siglist", 4).Int("ki_sigmask", 4).Int("ki_sigignore", 4).Int("ki_sigcatch", 4)
            .Int("ki_uid").Int("ki_ruid").Int("ki_svuid").Int("ki_rgid").Int("ki_svgid")
            .Short("ki_ngroups").Short("ki_spare_short2").Int("ki_groups", 16)
            .Field("ki_size", l, l).Field("ki_rssize", l, l).Field("ki_swrss", l, l).Field("ki_tsize", l, l).Field("ki_dsize", l, l).Field("ki_ssize", l, l)
            .Short("ki_xstat").Short("ki_acflag").Int("ki_pctcpu").Int("ki_estcpu").Int("ki_slptime").Int("ki_swtime").Int("ki_cow")
            .Field("ki_runtime", 8, abi.Align64).Field("ki_start", abi.TimevalSize, abi.TimevalAlign).Field("ki_childtime", abi.TimevalSize, abi.TimevalAlign)
            .Field("ki_flag", l, l).Field("ki_kiflag", l, l).Int("ki_traceflag")
            .Char("ki_stat").Char("ki_nice").Char("ki_lock").Char("ki_rqindex").Char("ki_oncpu_old").Char("ki_lastcpu_old")
            .Char("ki_tdname", 17).Char("ki_wmesg", 9).Char("ki_login", 18).Char("ki_lockname", 9).Char("ki_comm", 20)
            .Char("ki_emul", 17).Char("ki_loginclass", 18).Char("ki_moretdname", 4).Char("ki_sparestrings", 46)
            .Int("ki_spareints", 2).Field("ki_tdev", 8, abi.Align64).Int("ki_oncpu").Int("ki_lastcpu").Int("ki_tracer").Int("ki_flag2")
            .Int("ki_fibnum").Int("ki_cr_flags").Int("ki_jid").Int("ki_numthreads").Int("ki_tid")
            .Char("ki_pri", 4).Field("ki_rusage", abi.RusageSize, abi.TimevalAlign).Field("ki_rusage_ch", abi.RusageSize, abi.TimevalAlign)
            .Field("ki_pcb", l, l).Field("ki_kstack", l, l).Field("ki_udata", l, l).Field("ki_tdaddr", l, l).Field("ki_pd", l, l)
            .Field("ki_spareptrs", 5 * l, l).Field("ki_sparelongs", 12 * l, l).Field("ki_sflag", l, l).Field("ki_tdflags", l, l);
    }
}
