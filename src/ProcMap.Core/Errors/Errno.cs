using System;
using System.Runtime.InteropServices;
using ProcMap.Interop;

namespace ProcMap;

/// <summary>
/// The one mapping from an errno to what ProcMap reports, for every source: /proc files, sysctl and core
/// files. Each errno becomes the exception that says what happened, and its text a sentence rather than
/// strerror's two words.
/// </summary>
internal static class Errno
{
    /// <summary>
    /// The exception for <paramref name="errno"/> met reading <paramref name="path"/> (a /proc file or a
    /// sysctl name) of process <paramref name="processId"/>. ENOENT and ESRCH mean the process is gone only
    /// when <paramref name="processGone"/> says so (psutil checks /proc/PID/stat for the same reason):
    /// otherwise ENOENT is a file this kernel lacks and ESRCH a process with no address space (a kernel thread
    /// or zombie: mm_access finds no mm, and pagemap and environ refuse with it). EACCES and EPERM are the
    /// ptrace access check (PTRACE_MODE_READ_FSCREDS) or hidepid.
    /// </summary>
    public static ProcMapException ForProcess(int errno, int processId, string path, Func<int, bool> processGone)
    {
        ArgumentNullException.ThrowIfNull(processGone);
        return errno switch
        {
            LibC.ENOENT or LibC.ESRCH when processGone(processId) => new ProcessNotFoundException(processId),
            LibC.ENOENT => new KernelFileMissingException(processId, path),
            LibC.ESRCH => new ProcessHasNoAddressSpaceException(processId, path),
            LibC.EACCES or LibC.EPERM => new ProcessAccessDeniedException(processId, path),
            _ => new ProcReadException(path, Describe(errno)),
        };
    }

    /// <summary>
    /// The exception for <paramref name="errno"/> met on a listing that names no one process (a readdir of
    /// /proc, sysctl kern.proc.proc): a refusal is about the listing, anything else a failed read of it.
    /// </summary>
    public static ProcMapException ForListing(int errno, string path) => errno switch
    {
        LibC.EACCES or LibC.EPERM => new ProcessAccessDeniedException(0, path),
        _ => new ProcReadException(path, Describe(errno)),
    };

    /// <summary>The exception for <paramref name="errno"/> met on the core file <paramref name="path"/> while <paramref name="doing"/>.</summary>
    public static ProcMapException ForCoreFile(int errno, string path, string doing) => errno switch
    {
        LibC.ENOENT or LibC.ENOTDIR => new CoreFileNotFoundException(path),
        LibC.EACCES or LibC.EPERM => new CoreFileUnreadableException(path, Messages.CoreAccessRefused(doing, Describe(errno)), accessDenied: true),
        _ => new CoreFileUnreadableException(path, Messages.CoreOperationFailed(doing, Describe(errno))),
    };

    /// <summary>What <paramref name="errno"/> means, as a clause that ends with the errno's name and strerror text.</summary>
    public static string Describe(int errno)
    {
        string what = errno switch
        {
            LibC.EPERM => "the operation is not permitted to this user",
            LibC.ENOENT => "there is no such file",
            LibC.ESRCH => "the process is gone",
            LibC.EIO => "the kernel reported an input/output error",
            LibC.ENXIO => "no device answers at this name (a terminal or device with nothing behind it)",
            LibC.ENOMEM => "the kernel had no memory for the request",
            LibC.EACCES => "permission was denied to this user",
            LibC.EBUSY => "the file is busy",
            LibC.ENODEV => "the file system does not support this operation",
            LibC.ENOTDIR => "a part of the path is not a directory",
            LibC.EISDIR => "it is a directory",
            LibC.EINVAL => "the kernel refused the operation as not valid for this file",
            LibC.ENFILE or LibC.EMFILE => "too many files are open",
            LibC.ENOTTY => "the file does not support this request",
            LibC.EFBIG => "the file is too large",
            LibC.ESPIPE => "the file cannot seek: it is a pipe, socket or device",
            _ => "the operating system reported an error",
        };

        return Messages.ErrnoClause(what, Name(errno), Marshal.GetPInvokeErrorMessage(errno));
    }

    private static string Name(int errno) => errno switch
    {
        LibC.EPERM => "EPERM",
        LibC.ENOENT => "ENOENT",
        LibC.ESRCH => "ESRCH",
        LibC.EIO => "EIO",
        LibC.ENXIO => "ENXIO",
        LibC.ENOMEM => "ENOMEM",
        LibC.EACCES => "EACCES",
        LibC.EBUSY => "EBUSY",
        LibC.ENODEV => "ENODEV",
        LibC.ENOTDIR => "ENOTDIR",
        LibC.EISDIR => "EISDIR",
        LibC.EINVAL => "EINVAL",
        LibC.ENFILE => "ENFILE",
        LibC.EMFILE => "EMFILE",
        LibC.ENOTTY => "ENOTTY",
        LibC.EFBIG => "EFBIG",
        LibC.ESPIPE => "ESPIPE",
        _ => "errno " + errno.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
