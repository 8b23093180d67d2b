/*
 * FreeBSD's own structs, transcribed field for field from freebsd/freebsd-src
 * sys/sys/user.h @29363fb446372cb3f10bc98664e9767c53fbb457 (kinfo_proc, kinfo_vmentry),
 * sys/sys/exec.h (struct ps_strings) and sys/sys/procfs.h (prstatus_t up to pr_reg, prpsinfo_t with
 * FreeBSD 11's pr_pid, thrmisc_t), with each ABI's types from sys/<arch>/include/_types.h: long and
 * pointers are 4 bytes on i386 and armv7, 8 on amd64 and arm64; time_t is 32-bit only on i386;
 * suseconds_t is long. Compiled, never run, by check.py with a Linux compiler of the same ABI (the
 * struct layout rules are the psABI's, the same on both systems): every offset becomes the size of
 * an array symbol.
 */
#include <stddef.h>
#include <stdint.h>

typedef long fb_long;
typedef unsigned long fb_size_t;   /* size_t, vm_size_t, vm_offset_t: the pointer's width */
typedef long fb_segsz_t;
#if defined(__i386__)
typedef int32_t fb_time_t;
#else
typedef int64_t fb_time_t;
#endif
typedef struct { uint32_t bits[4]; } fb_sigset_t;
struct fb_timeval { fb_time_t tv_sec; fb_long tv_usec; };
struct fb_priority { unsigned char pri_class, pri_level, pri_native, pri_user; };
struct fb_rusage { struct fb_timeval ru_utime, ru_stime; fb_long ru_maxrss, ru_ixrss, ru_idrss, ru_isrss,
    ru_minflt, ru_majflt, ru_nswap, ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw; };

struct kinfo_proc {
    int ki_structsize; int ki_layout;
    void *ki_args, *ki_paddr, *ki_addr, *ki_tracep, *ki_textvp, *ki_fd, *ki_vmspace; const void *ki_wchan;
    int32_t ki_pid, ki_ppid, ki_pgid, ki_tpgid, ki_sid, ki_tsid;
    short ki_jobc; short ki_spare_short1; uint32_t ki_tdev_freebsd11;
    fb_sigset_t ki_siglist, ki_sigmask, ki_sigignore, ki_sigcatch;
    uint32_t ki_uid, ki_ruid, ki_svuid, ki_rgid, ki_svgid;
    short ki_ngroups; short ki_spare_short2; uint32_t ki_groups[16];
    fb_size_t ki_size; fb_segsz_t ki_rssize, ki_swrss, ki_tsize, ki_dsize, ki_ssize;
    unsigned short ki_xstat, ki_acflag; uint32_t ki_pctcpu; unsigned ki_estcpu, ki_slptime, ki_swtime, ki_cow;
    uint64_t ki_runtime; struct fb_timeval ki_start, ki_childtime; fb_long ki_flag, ki_kiflag; int ki_traceflag;
    char ki_stat; signed char ki_nice; char ki_lock, ki_rqindex; unsigned char ki_oncpu_old, ki_lastcpu_old;
    char ki_tdname[17], ki_wmesg[9], ki_login[18], ki_lockname[9], ki_comm[20], ki_emul[17], ki_loginclass[18];
    char ki_moretdname[4]; char ki_sparestrings[46]; int ki_spareints[2];
    uint64_t ki_tdev; int ki_oncpu, ki_lastcpu, ki_tracer, ki_flag2, ki_fibnum; unsigned ki_cr_flags;
    int ki_jid, ki_numthreads; int32_t ki_tid; struct fb_priority ki_pri;
    struct fb_rusage ki_rusage, ki_rusage_ch;
    void *ki_pcb, *ki_kstack, *ki_udata, *ki_tdaddr, *ki_pd, *ki_spareptrs[5];
    fb_long ki_sparelongs[12], ki_sflag, ki_tdflags;
};

struct kinfo_vmentry {
    int kve_structsize, kve_type; uint64_t kve_start, kve_end, kve_offset, kve_vn_fileid;
    uint32_t kve_vn_fsid_freebsd11; int kve_flags, kve_resident, kve_private_resident, kve_protection,
    kve_ref_count, kve_shadow_count, kve_vn_type; uint64_t kve_vn_size; uint32_t kve_vn_rdev_freebsd11;
    uint16_t kve_vn_mode, kve_status; uint64_t kve_vn_fsid; uint64_t kve_vn_rdev; int _kve_ispare[8];
    char kve_path[1024];
};

struct ps_strings { char **ps_argvstr; unsigned ps_nargvstr; char **ps_envstr; unsigned ps_nenvstr; };

struct prstatus { int pr_version; fb_size_t pr_statussz, pr_gregsetsz, pr_fpregsetsz; int pr_osreldate;
    int pr_cursig; int32_t pr_pid; fb_long pr_reg; /* struct reg starts here, register_t aligned */ };
struct prpsinfo { int pr_version; fb_size_t pr_psinfosz; char pr_fname[17]; char pr_psargs[81]; int32_t pr_pid; };
struct thrmisc { char pr_tname[20]; unsigned _pad; };

#define S(name, value) char name[(value) + 1];
#define F(t, f) S(t##__##f, offsetof(struct t, f)) S(t##__##f##__size, sizeof(((struct t *)0)->f))
#define T(t) S(t##__total, sizeof(struct t))
#include "fields.h"
