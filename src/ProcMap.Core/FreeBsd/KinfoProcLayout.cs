namespace ProcMap.FreeBsd;

/// <summary>
/// Byte offsets of struct kinfo_proc on LP64 FreeBSD (amd64, arm64) (the constants here, which
/// <see cref="KinfoProcAbi.Lp64"/> uses; i386 and armv7 are the other instances of KinfoProcAbi), the record of sysctl
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
    public const int SavedGroupId = 184;
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
    public const int PriorityClass = 604;
    public const int PriorityLevel = 605;
    public const int PriorityUser = 607;
    public const int UserTime = 608;
    public const int SystemTime = 624;

    /// <summary>ru_nvcsw and ru_nivcsw of ki_rusage: after the two timevals, the 13th and 14th longs.</summary>
    public const int VoluntaryContextSwitches = 736;
    public const int InvoluntaryContextSwitches = 744;
    public const int ThreadFlags = 1080;

    /// <summary>KINFO_PROC_SIZE on amd64 and arm64.</summary>
    public const int Size = 1088;

    /// <summary>KI_LOCKBLOCK in ki_kiflag: blocked on the lock named in ki_lockname.</summary>
    public const long LockBlocked = 0x4;

    /// <summary>TDF_SINTR in ki_tdflags (sys/sys/proc.h): the sleep is interruptible.</summary>
    public const long InterruptibleSleep = 0x8;

    /// <summary>KI_NGROUPS: ki_groups holds at most this many (ki_ngroups may say more).</summary>
    public const int MaxGroups = 16;

    /// <summary>PRI_MIN_REALTIME (sys/sys/priority.h): rtprio(2)'s priority 0 as a pri_user value.</summary>
    public const int MinRealtimePriority = 48;

    /// <summary>NODEV: ki_tdev when there is no controlling terminal.</summary>
    public const ulong NoDevice = ulong.MaxValue;
}

/// <summary>
/// Where one FreeBSD ABI's struct kinfo_proc keeps what the decoder reads, and the sizes of the C types
/// that differ between ABIs: long (ki_flag, ki_kiflag, ki_tdflags, vm_size_t ki_size and segsz_t
/// ki_rssize) and time_t (tv_sec of every struct timeval; tv_usec is a long). The offsets are those of
/// sys/sys/user.h @29363fb4 as each ABI's compiler lays them out (Tests/Unit/Fixtures/freebsd/
/// LAYOUT-CHECK.md and layout-check/generated.md); kinfo_vmentry is the same on all four.
/// </summary>
internal sealed record KinfoProcAbi(
    string Name,
    int LongSize,
    int TimeSize,
    int Size,
    int ProcessId,
    int PendingSignals,
    int UserId,
    int GroupCount,
    int Groups,
    int VirtualSize,
    int ResidentPages,
    int Start,
    int KiFlags,
    int State,
    int ThreadName,
    int WaitMessage,
    int LockName,
    int Command,
    int MoreThreadName,
    int TtyDevice,
    int LastCpu,
    int ThreadCount,
    int Priority,
    int UserTime,
    int ThreadFlags)
{
    /// <summary>amd64 and arm64: KINFO_PROC_SIZE 1088.</summary>
    public static readonly KinfoProcAbi Lp64 = new(
        "LP64 (amd64, arm64)", 8, 8, KinfoProcLayout.Size, KinfoProcLayout.ProcessId, KinfoProcLayout.PendingSignals, KinfoProcLayout.UserId,
        KinfoProcLayout.GroupCount, KinfoProcLayout.Groups, KinfoProcLayout.VirtualSize, KinfoProcLayout.ResidentPages, KinfoProcLayout.Start,
        KinfoProcLayout.KiFlags, KinfoProcLayout.State, KinfoProcLayout.ThreadName, KinfoProcLayout.WaitMessage, KinfoProcLayout.LockName,
        KinfoProcLayout.Command, KinfoProcLayout.MoreThreadName, KinfoProcLayout.TtyDevice, KinfoProcLayout.LastCpu, KinfoProcLayout.ThreadCount,
        KinfoProcLayout.PriorityLevel - 1, KinfoProcLayout.UserTime, KinfoProcLayout.ThreadFlags);

    /// <summary>i386 (and kinfo_proc32 from an amd64 kernel): KINFO_PROC_SIZE 768, the only ABI with a 32-bit time_t.</summary>
    public static readonly KinfoProcAbi I386 = new(
        "i386", 4, 4, 768, 40, 72, 136, 156, 160, 224, 228, 280, 300, 308, 314, 331, 358, 367, 422, 480, 492, 516, 524, 528, 764);

    /// <summary>armv7 (and kinfo_proc32 from an arm64 kernel): KINFO_PROC_SIZE 816; 64-bit time_t, 8-aligned timevals.</summary>
    public static readonly KinfoProcAbi Armv7 = new(
        "armv7", 4, 8, 816, 40, 72, 136, 156, 160, 224, 228, 280, 316, 324, 330, 347, 374, 383, 438, 496, 508, 532, 540, 544, 812);

    // Fields at fixed distances from the ones above in every ABI (ints and fixed arrays between them).
    public int ParentProcessId => ProcessId + 4;

    public int ProcessGroupId => ProcessId + 8;

    public int SessionId => ProcessId + 16;

    public int BlockedSignals => PendingSignals + 16;

    public int IgnoredSignals => PendingSignals + 32;

    public int CaughtSignals => PendingSignals + 48;

    public int RealUserId => UserId + 4;

    public int SavedUserId => UserId + 8;

    public int RealGroupId => UserId + 12;

    public int Nice => State + 1;

    public int ThreadId => ThreadCount + 4;

    /// <summary>pri_level, the second byte of struct priority.</summary>
    public int PriorityLevel => Priority + 1;

    /// <summary>sizeof(struct timeval): time_t then a long, padded to the larger.</summary>
    public int TimevalSize => TimeSize == 8 ? 16 : 8;

    /// <summary>ru_stime follows ru_utime in struct rusage.</summary>
    public int SystemTime => UserTime + TimevalSize;

    /// <summary>ki_svgid follows ki_uid, ki_ruid, ki_svuid and ki_rgid.</summary>
    public int SavedGroupId => UserId + 16;

    /// <summary>pri_class, the first byte of struct priority.</summary>
    public int PriorityClass => Priority;

    /// <summary>pri_user, the fourth byte of struct priority.</summary>
    public int PriorityUser => Priority + 3;

    /// <summary>ru_nvcsw: in struct rusage, after the two timevals, the 13th long.</summary>
    public int VoluntaryContextSwitches => UserTime + (2 * TimevalSize) + (12 * LongSize);

    /// <summary>ru_nivcsw, the long after ru_nvcsw.</summary>
    public int InvoluntaryContextSwitches => VoluntaryContextSwitches + LongSize;
}
