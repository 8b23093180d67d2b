using System;
using System.Runtime.InteropServices;
using ProcMap.FreeBsd;
using ProcMap.Linux;

namespace ProcMap.Sources;

/// <summary>Picks the live source of the running system, as kvm_open(3) with no core file does.</summary>
public static class LiveSource
{
    /// <summary>
    /// The live source for this operating system. Throws <see cref="SourceNotSupportedException"/>
    /// where there is none, with a message that points to -CorePath.
    /// </summary>
    public static ProcessSource Open()
    {
        if (OperatingSystem.IsLinux())
        {
            return new LinuxLiveSource();
        }

        // The kinfo decoders read the LP64 little-endian layouts (amd64, arm64): the only FreeBSD
        // platforms .NET runs on.
        if (OperatingSystem.IsFreeBSD() && Environment.Is64BitProcess && BitConverter.IsLittleEndian)
        {
            return new FreeBsdLiveSource();
        }

        throw new SourceNotSupportedException(Messages.PlatformNotSupported(RuntimeInformation.OSDescription));
    }
}
