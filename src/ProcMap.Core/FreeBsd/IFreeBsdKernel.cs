namespace ProcMap.FreeBsd;

/// <summary>
/// What <see cref="FreeBsdLiveSource"/> asks of the FreeBSD kernel and C library. The live
/// implementation is <see cref="SysctlKernel"/>; tests put byte fixtures behind it, so the whole source
/// runs on any OS.
/// </summary>
internal interface IFreeBsdKernel
{
    /// <summary>The VM page size, for ki_rssize (pages) to bytes.</summary>
    int PageSize { get; }

    /// <summary>sysctl(3) read of <paramref name="mib"/>: 0 and the whole value, or the errno.</summary>
    int TryRead(int[] mib, out byte[] value);

    /// <summary>devname(3) of a character device: "pts/3", "ttyv0"; null when the kernel knows no such device.</summary>
    string? DeviceName(ulong device);

    /// <summary>getpwuid_r(3): the user's login name, or null when the uid has no entry.</summary>
    string? UserName(uint userId);

    /// <summary>getpwnam_r(3): the uid of the user called <paramref name="name"/>; false when there is none.</summary>
    bool TryFindUser(string name, out uint userId);

    /// <summary>stat(2) of <paramref name="path"/>: its st_rdev when it is a character device; false otherwise.</summary>
    bool TryFindCharacterDevice(string path, out ulong device);
}
