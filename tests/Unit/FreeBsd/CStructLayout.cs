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

/// <summary>The structs of freebsd-src sys/sys/user.h @29363fb4, field by field, with LP64 type sizes.</summary>
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

    // sigset_t is struct { uint32_t __bits[4] }, struct timeval { time_t; suseconds_t (long) },
    // struct priority four u_char, struct rusage two timevals and 14 longs.
    public static readonly CStructLayout KinfoProc = new CStructLayout()
        .Int("ki_structsize").Int("ki_layout")
        .Pointer("ki_args").Pointer("ki_paddr").Pointer("ki_addr").Pointer("ki_tracep").Pointer("ki_textvp")
        .Pointer("ki_fd").Pointer("ki_vmspace").Pointer("ki_wchan")
        .Int("ki_pid").Int("ki_ppid").Int("ki_pgid").Int("ki_tpgid").Int("ki_sid").Int("ki_tsid")
        .Short("ki_jobc").Short("ki_spare_short1").Int("ki_tdev_freebsd11")
        .Int("ki_siglist", 4).Int("ki_sigmask", 4).Int("ki_sigignore", 4).Int("ki_sigcatch", 4)
        .Int("ki_uid").Int("ki_ruid").Int("ki_svuid").Int("ki_rgid").Int("ki_svgid")
        .Short("ki_ngroups").Short("ki_spare_short2").Int("ki_groups", 16)
        .Long("ki_size").Long("ki_rssize").Long("ki_swrss").Long("ki_tsize").Long("ki_dsize").Long("ki_ssize")
        .Short("ki_xstat").Short("ki_acflag").Int("ki_pctcpu").Int("ki_estcpu").Int("ki_slptime").Int("ki_swtime").Int("ki_cow")
        .Long("ki_runtime").Long("ki_start", 2).Long("ki_childtime", 2).Long("ki_flag").Long("ki_kiflag").Int("ki_traceflag")
        .Char("ki_stat").Char("ki_nice").Char("ki_lock").Char("ki_rqindex").Char("ki_oncpu_old").Char("ki_lastcpu_old")
        .Char("ki_tdname", 17).Char("ki_wmesg", 9).Char("ki_login", 18).Char("ki_lockname", 9).Char("ki_comm", 20)
        .Char("ki_emul", 17).Char("ki_loginclass", 18).Char("ki_moretdname", 4).Char("ki_sparestrings", 46)
        .Int("ki_spareints", 2).Long("ki_tdev").Int("ki_oncpu").Int("ki_lastcpu").Int("ki_tracer").Int("ki_flag2")
        .Int("ki_fibnum").Int("ki_cr_flags").Int("ki_jid").Int("ki_numthreads").Int("ki_tid")
        .Char("ki_pri", 4).Field("ki_rusage", 144, 8).Field("ki_rusage_ch", 144, 8)
        .Pointer("ki_pcb").Pointer("ki_kstack").Pointer("ki_udata").Pointer("ki_tdaddr").Pointer("ki_pd")
        .Pointer("ki_spareptrs", 5).Long("ki_sparelongs", 12).Long("ki_sflag").Long("ki_tdflags");
}
