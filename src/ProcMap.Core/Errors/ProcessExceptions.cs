using System;

namespace ProcMap;

/// <summary>The process does not exist, or exited while it was read: /proc/PID itself is gone (ENOENT, ESRCH), or sysctl said ESRCH.</summary>
public sealed class ProcessNotFoundException : ProcMapException
{
    /// <summary>Creates the exception for <paramref name="processId"/>.</summary>
    public ProcessNotFoundException(int processId, Exception? innerException = null)
        : base(ErrorIds.ProcessNotFound, ProcMapErrorCategory.ObjectNotFound, processId, Messages.ProcessNotFound(processId), innerException)
    {
        ProcessId = processId;
    }

    /// <summary>The process that was asked for.</summary>
    public int ProcessId { get; }
}

/// <summary>
/// The process is there but has no address space: a kernel thread, or a zombie whose memory is gone. The
/// kernel refuses its pagemap and environ with ESRCH (mm_access finds no mm). Readers of mappings, pages
/// and the environment treat it as "nothing to show", as Get-VmMap does for such a process.
/// </summary>
public sealed class ProcessHasNoAddressSpaceException : ProcMapException
{
    /// <summary>Creates the exception for <paramref name="processId"/> and the file that said so.</summary>
    public ProcessHasNoAddressSpaceException(int processId, string path)
        : base(ErrorIds.ProcessHasNoAddressSpace, ProcMapErrorCategory.InvalidOperation, processId, Messages.NoAddressSpace(processId, path))
    {
        ProcessId = processId;
    }

    /// <summary>The process that was asked for.</summary>
    public int ProcessId { get; }
}

/// <summary>The kernel refused to let this user read the process's data (EACCES, EPERM).</summary>
public sealed class ProcessAccessDeniedException : ProcMapException
{
    /// <summary>
    /// Creates the exception for <paramref name="processId"/> and the file that was refused; a process id of
    /// 0 means the refusal was of a listing, and the target is then the path.
    /// </summary>
    public ProcessAccessDeniedException(int processId, string path, Exception? innerException = null)
        : base(ErrorIds.AccessDenied, ProcMapErrorCategory.PermissionDenied, processId > 0 ? processId : path, Messages.AccessDenied(processId, path), innerException)
    {
        ProcessId = processId;
        Path = path;
    }

    /// <summary>The process that was asked for.</summary>
    public int ProcessId { get; }

    /// <summary>The file or interface that refused.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public override string? RecommendedAction => Messages.AccessDeniedAction;
}

/// <summary>
/// The process is there, but the kernel has no such file for it (ENOENT below a /proc/PID that exists): a
/// kernel built without the option that provides it, or older than the file.
/// </summary>
public sealed class KernelFileMissingException : ProcMapException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public KernelFileMissingException(int processId, string path)
        : base(ErrorIds.KernelFileMissing, ProcMapErrorCategory.NotImplemented, path, Messages.KernelFileMissing(path))
    {
        ProcessId = processId;
        Path = path;
    }

    /// <summary>The process the file was asked for.</summary>
    public int ProcessId { get; }

    /// <summary>The file the kernel lacks.</summary>
    public string Path { get; }
}

/// <summary>A kernel file could not be read for another reason, or did not have the layout its documentation gives.</summary>
public sealed class ProcReadException : ProcMapException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public ProcReadException(string path, string detail, Exception? innerException = null)
        : base(ErrorIds.ProcReadFailed, ProcMapErrorCategory.ReadError, path, Messages.ProcReadFailed(path, detail), innerException)
    {
        Path = path;
        Detail = detail;
    }

    /// <summary>The file that failed.</summary>
    public string Path { get; }

    /// <summary>What was wrong, without the path (a core's reader reports the same fault about the core).</summary>
    public string Detail { get; }
}

/// <summary>
/// -Address names an address that no mapping of the process holds. The message names the nearest mappings
/// below and above it, taken from the same read of the maps that found the gap.
/// </summary>
public sealed class AddressNotMappedException : ProcMapException
{
    /// <summary>Creates the exception for <paramref name="address"/> in <paramref name="processId"/>, between <paramref name="below"/> and <paramref name="above"/>.</summary>
    public AddressNotMappedException(int processId, ulong address, VmRegion? below, VmRegion? above)
        : base(ErrorIds.AddressNotMapped, ProcMapErrorCategory.ObjectNotFound, address, Messages.AddressNotMapped(processId, address, below, above))
    {
        ProcessId = processId;
        Address = address;
        Below = below;
        Above = above;
    }

    /// <summary>The process that was asked about.</summary>
    public int ProcessId { get; }

    /// <summary>The address no mapping holds.</summary>
    public ulong Address { get; }

    /// <summary>The last mapping that ends at or below the address; null when there is none.</summary>
    public VmRegion? Below { get; }

    /// <summary>The first mapping that starts above the address; null when there is none.</summary>
    public VmRegion? Above { get; }

    /// <inheritdoc/>
    public override string? RecommendedAction => Messages.AddressNotMappedAction(ProcessId);
}

/// <summary>A process name without wildcards matched no process (Get-Process's NoProcessFoundForGivenName).</summary>
public sealed class ProcessNameNotFoundException : ProcMapException
{
    /// <summary>Creates the exception for <paramref name="name"/>.</summary>
    public ProcessNameNotFoundException(string name)
        : base(ErrorIds.ProcessNameNotFound, ProcMapErrorCategory.ObjectNotFound, name, Messages.ProcessNameNotFound(name))
    {
        Name = name;
    }

    /// <summary>The name that was asked for.</summary>
    public string Name { get; }
}

/// <summary>
/// An argument is out of range or names nothing: a process id below 1, an address range whose start is
/// not below its end, a user or terminal that does not exist.
/// </summary>
public sealed class ProcMapArgumentException : ProcMapException
{
    /// <summary>Creates the exception; <paramref name="errorId"/> is one of <see cref="ErrorIds"/>, the rule that was broken.</summary>
    public ProcMapArgumentException(string errorId, string message, object? value)
        : base(errorId, ProcMapErrorCategory.InvalidArgument, value, message)
    {
        Value = value;
    }

    /// <summary>The value that broke it.</summary>
    public object? Value { get; }
}

/// <summary>There is no live source for this operating system, or no such facility on it.</summary>
public sealed class SourceNotSupportedException : ProcMapException
{
    /// <summary>Creates the exception with a message that says what to use instead.</summary>
    public SourceNotSupportedException(string message)
        : base(ErrorIds.PlatformNotSupported, ProcMapErrorCategory.NotImplemented, null, message)
    {
    }
}
