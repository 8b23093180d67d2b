using System;
using System.Runtime.InteropServices;
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

        throw new SourceNotSupportedException(Messages.PlatformNotSupported(RuntimeInformation.OSDescription));
    }
}
