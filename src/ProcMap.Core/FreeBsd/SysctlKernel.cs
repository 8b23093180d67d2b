using System;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using ProcMap.Interop;
using ProcMap.Text;

namespace ProcMap.FreeBsd;

/// <summary>
/// The live FreeBSD kernel through sysctl(3): the thin P/Invoke layer under <see cref="FreeBsdLiveSource"/>.
/// Only reachable on FreeBSD (LiveSource.Open checks OperatingSystem.IsFreeBSD()).
/// </summary>
[SupportedOSPlatform("freebsd")]
internal sealed unsafe class SysctlKernel : IFreeBsdKernel
{
    // A process list or map can grow between the size probe and the read; kvm_getprocs(3) retries the
    // same way. Each retry doubles the room, so a few are plenty.
    private const int Attempts = 8;

    private readonly UserDatabase _users = new();

    public int PageSize => Environment.SystemPageSize;

    public int TryRead(int[] mib, out byte[] value)
    {
        ArgumentNullException.ThrowIfNull(mib);
        value = Array.Empty<byte>();
        fixed (int* name = mib)
        {
            nuint size = 0;
            if (LibC.Sysctl(name, (uint)mib.Length, null, &size, null, 0) != 0)
            {
                return Marshal.GetLastPInvokeError();
            }

            for (int attempt = 0; attempt < Attempts; attempt++)
            {
                // Room for what appeared since the probe: a quarter more, at least a page.
                nuint room = size + Math.Max(size / 4, 4096);
                var buffer = new byte[checked((int)room)];
                nuint length = room;
                fixed (byte* old = buffer)
                {
                    if (LibC.Sysctl(name, (uint)mib.Length, old, &length, null, 0) == 0)
                    {
                        value = buffer.AsSpan(0, (int)length).ToArray();
                        return 0;
                    }
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno != LibC.ENOMEM)
                {
                    return errno;
                }

                size = room * 2;
            }

            return LibC.ENOMEM;
        }
    }

    public string? DeviceName(ulong device)
    {
        // devname(3) is this sysctl: the device number in, the name under /dev out.
        byte* name = stackalloc byte[256];
        nuint length = 256;
        if (LibC.SysctlByName("kern.devname", name, &length, (byte*)&device, sizeof(ulong)) != 0 || length == 0)
        {
            return null;
        }

        return KernelText.DecodeCString(new ReadOnlySpan<byte>(name, (int)length));
    }

    // The same NSS-aware, per-call cached lookup the Linux source uses.
    public string? UserName(uint userId) => _users.NameOf(userId);

    public bool TryFindUser(string name, out uint userId) => _users.TryFindUser(name, out userId);

    public bool TryFindCharacterDevice(string path, out ulong device)
    {
        bool found = FileStatus.TryGet(path, out var status, out _) && status.Type == FileType.CharacterDevice;
        device = found ? status.Device : 0;
        return found;
    }
}
