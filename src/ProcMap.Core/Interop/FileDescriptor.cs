using System;
using System.Runtime.InteropServices;

namespace ProcMap.Interop;

/// <summary>An owned Unix file descriptor, closed exactly once even when a pipeline stops mid-read.</summary>
internal sealed class FileDescriptor : SafeHandle
{
    public FileDescriptor(int fd)
        : base(new IntPtr(-1), ownsHandle: true)
    {
        SetHandle(new IntPtr(fd));
    }

    public override bool IsInvalid => handle == new IntPtr(-1);

    /// <summary>The descriptor number, for calls made while the owner keeps this handle alive.</summary>
    public int Value => (int)handle;

    protected override bool ReleaseHandle() => LibC.Close((int)handle) == 0;
}
