using System;

namespace ProcMap;

/// <summary>
/// FreeBSD's flags on a map entry, kinfo_vmentry kve_flags (KVME_FLAG_* in sys/sys/user.h); procstat -v
/// prints them in its FLAG column as C, N, S, U/D and W.
/// </summary>
[Flags]
public enum VmEntryAttributes
{
    /// <summary>No flag set.</summary>
    None = 0,

    /// <summary>KVME_FLAG_COW: copy-on-write (a private mapping); procstat's C.</summary>
    CopyOnWrite = 0x1,

    /// <summary>KVME_FLAG_NEEDS_COPY: the private copy is not made yet; procstat's N.</summary>
    NeedsCopy = 0x2,

    /// <summary>KVME_FLAG_NOCOREDUMP: left out of core dumps (MAP_NOCORE).</summary>
    NoCoreDump = 0x4,

    /// <summary>KVME_FLAG_SUPER: at least one superpage mapping was seen; procstat's S.</summary>
    Superpages = 0x8,

    /// <summary>KVME_FLAG_GROWS_UP: a stack that grows up; procstat's U.</summary>
    GrowsUp = 0x10,

    /// <summary>KVME_FLAG_GROWS_DOWN: a stack that grows down; procstat's D.</summary>
    GrowsDown = 0x20,

    /// <summary>KVME_FLAG_USER_WIRED: wired by mlock(2); procstat's W.</summary>
    UserWired = 0x40,
}
