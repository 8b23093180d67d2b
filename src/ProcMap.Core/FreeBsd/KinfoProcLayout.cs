namespace ProcMap.FreeBsd;

/// <summary>
/// Byte offsets of struct kinfo_proc on LP64 FreeBSD (amd64, arm64), the record of sysctl
/// {CTL_KERN, KERN_PROC, op, arg}. Read from freebsd/freebsd-src sys/sys/user.h at commit
/// 29363fb446372cb3f10bc98664e9767c53fbb457, with LP64 sizes: pointers and long 8, pid_t/uid_t/gid_t/
/// lwpid_t/fixpt_t/u_int 4, sigset_t 16 (4 x uint32), vm_size_t and segsz_t 8, struct timeval 16,
/// struct priority 4 (pri_class, pri_level, pri_native, pri_user), struct rusage 144 (2 timevals and
/// 14 longs); COMMLEN 19, TDNAMLEN 16, WMESGLEN 8, LOCKNAMELEN 8, LOGNAMELEN 17, LOGINCLASSLEN 17,
/// KI_EMULNAMELEN 16, KI_NGROUPS 16, MAXCOMLEN 19, KI_NSPARE_INT 2, KI_NSPARE_PTR 5, KI_NSPARE_LONG 12.
/// <code>
///   off size field                      off size field
///     0    4 ki_structsize              392    1 ki_oncpu_old
///     4    4 ki_layout                  393    1 ki_lastcpu_old
///     8   64 ki_args .. ki_wchan (8 ptr)394   17 ki_tdname[TDNAMLEN+1]
///    72    4 ki_pid                     411    9 ki_wmesg[WMESGLEN+1]
///    76    4 ki_ppid                    420   18 ki_login[LOGNAMELEN+1]
///    80    4 ki_pgid                    438    9 ki_lockname[LOCKNAMELEN+1]
///    84    4 ki_tpgid                   447   20 ki_comm[COMMLEN+1]
///    88    4 ki_sid                     467   17 ki_emul[KI_EMULNAMELEN+1]
///    92    4 ki_tsid                    484   18 ki_loginclass[LOGINCLASSLEN+1]
///    96    2 ki_jobc                    502    4 ki_moretdname[MAXCOMLEN-TDNAMLEN+1]
///    98    2 ki_spare_short1            506   46 ki_sparestrings
///   100    4 ki_tdev_freebsd11          552    8 ki_spareints[2]
///   104   64 ki_siglist .. ki_sigcatch  560    8 ki_tdev (uint64_t; NODEV = all ones)
///   168    4 ki_uid                     568    4 ki_oncpu
///   172    4 ki_ruid                    572    4 ki_lastcpu
///   176    4 ki_svuid                   576    4 ki_tracer
///   180    4 ki_rgid                    580    4 ki_flag2
///   184    4 ki_svgid                   584    4 ki_fibnum
///   188    2 ki_ngroups                 588    4 ki_cr_flags
///   190    2 ki_spare_short2            592    4 ki_jid
///   192   64 ki_groups[16] (0: egid)    596    4 ki_numthreads
///   256    8 ki_size (bytes)            600    4 ki_tid
///   264    8 ki_rssize (pages)          604    4 ki_pri (pri_level at 605)
///   272   32 ki_swrss .. ki_ssize       608  144 ki_rusage (ru_utime 608, ru_stime 624)
///   304    4 ki_xstat, ki_acflag        752  144 ki_rusage_ch
///   308   20 ki_pctcpu .. ki_cow        896   40 ki_pcb .. ki_pd (5 ptr)
///   328    8 ki_runtime (us)            936   40 ki_spareptrs[5]
///   336   16 ki_start (timeval)         976   96 ki_sparelongs[12]
///   352   16 ki_childtime              1072    8 ki_sflag
///   368    8 ki_flag                   1080    8 ki_tdflags (TDF_SINTR 0x8)
///   376    8 ki_kiflag (KI_LOCKBLOCK 4)1088      KINFO_PROC_SIZE
///   384    4 ki_traceflag
///   388    1 ki_stat (SIDL 1 .. SLOCK 7)
///   389    1 ki_nice (signed)
/// </code>
/// </summary>
internal static class KinfoProcLayout
{
    public const int StructSize = 0;
    public const int ProcessId = 72;
    public const int ParentProcessId = 76;
    public const int ProcessGroupId = 80;
    public const int SessionId = 88;
    public const int PendingSignals = 104;
    public const int BlockedSignals = 120;
    public const int IgnoredSignals = 136;
    public const int CaughtSignals = 152;
    public const int UserId = 168;
    public const int RealUserId = 172;
    public const int SavedUserId = 176;
    public const int RealGroupId = 180;
    public const int GroupCount = 188;
    public const int Groups = 192;
    public const int VirtualSize = 256;
    public const int ResidentPages = 264;
    public const int Start = 336;
    public const int KiFlags = 376;
    public const int State = 388;
    public const int Nice = 389;
    public const int ThreadName = 394;
    public const int ThreadNameLength = 17;
    public const int WaitMessage = 411;
    public const int WaitMessageLength = 9;
    public const int LockName = 438;
    public const int LockNameLength = 9;
    public const int Command = 447;
    public const int CommandLength = 20;
    public const int MoreThreadName = 502;
    public const int MoreThreadNameLength = 4;
    public const int TtyDevice = 560;
    public const int LastCpu = 572;
    public const int ThreadCount = 596;
    public const int ThreadId = 600;
    public const int PriorityLevel = 605;
    public const int UserTime = 608;
    public const int SystemTime = 624;
    public const int ThreadFlags = 1080;

    /// <summary>KINFO_PROC_SIZE on amd64 and arm64.</summary>
    public const int Size = 1088;

    /// <summary>KI_LOCKBLOCK in ki_kiflag: blocked on the lock named in ki_lockname.</summary>
    public const long LockBlocked = 0x4;

    /// <summary>TDF_SINTR in ki_tdflags (sys/sys/proc.h): the sleep is interruptible.</summary>
    public const long InterruptibleSleep = 0x8;

    /// <summary>NODEV: ki_tdev when there is no controlling terminal.</summary>
    public const ulong NoDevice = ulong.MaxValue;
}
