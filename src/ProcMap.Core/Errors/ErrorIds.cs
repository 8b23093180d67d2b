namespace ProcMap;

/// <summary>
/// The stable ErrorIds ProcMap writes. Scripts match on these (FullyQualifiedErrorId is
/// "&lt;ErrorId&gt;,ProcMap.PowerShell.&lt;Cmdlet&gt;Command"), so they never change once shipped.
/// </summary>
public static class ErrorIds
{
    /// <summary>The process does not exist or exited meanwhile (ObjectNotFound).</summary>
    public const string ProcessNotFound = nameof(ProcessNotFound);

    /// <summary>
    /// The process exists but has no address space: a kernel thread or a zombie (InvalidOperation). Readers of
    /// mappings, pages and environments show nothing for such a process rather than write this.
    /// </summary>
    public const string ProcessHasNoAddressSpace = nameof(ProcessHasNoAddressSpace);

    /// <summary>The process exists but this kernel has no such /proc file (or sysctl) for it (NotImplemented).</summary>
    public const string KernelFileMissing = nameof(KernelFileMissing);

    /// <summary>The kernel refused to show the data to this user (PermissionDenied).</summary>
    public const string AccessDenied = nameof(AccessDenied);

    /// <summary>A kernel file could not be read or parsed (ReadError).</summary>
    public const string ProcReadFailed = nameof(ProcReadFailed);

    /// <summary>A process id below 1 (InvalidArgument).</summary>
    public const string InvalidProcessId = nameof(InvalidProcessId);

    /// <summary>A start address at or above the end address (InvalidArgument).</summary>
    public const string InvalidAddressRange = nameof(InvalidAddressRange);

    /// <summary>-Address names an address that no mapping of the process holds (ObjectNotFound).</summary>
    public const string AddressNotMapped = nameof(AddressNotMapped);

    /// <summary>No live source on this platform (NotImplemented).</summary>
    public const string PlatformNotSupported = nameof(PlatformNotSupported);

    /// <summary>A negative character limit for an argument vector (InvalidArgument).</summary>
    public const string InvalidMaxChars = nameof(InvalidMaxChars);

    /// <summary>A core file is not a process core ProcMap can read, or is corrupt (InvalidData).</summary>
    public const string CoreFileInvalid = nameof(CoreFileInvalid);

    /// <summary>No file at the -CorePath given (ObjectNotFound).</summary>
    public const string CoreFileNotFound = nameof(CoreFileNotFound);

    /// <summary>The -CorePath names something that cannot be read as a file: a directory, a pipe, a refused or failing read (ReadError, PermissionDenied).</summary>
    public const string CoreFileUnreadable = nameof(CoreFileUnreadable);

    /// <summary>The core does not hold what was asked for, such as the environment when the stack was not dumped (ResourceUnavailable).</summary>
    public const string CoreDataNotDumped = nameof(CoreDataNotDumped);
    /// <summary>-User or -RealUser names a user the user database does not know (InvalidArgument).</summary>
    public const string UnknownUser = nameof(UnknownUser);

    /// <summary>-Tty names no terminal device (InvalidArgument).</summary>
    public const string UnknownTty = nameof(UnknownTty);

    /// <summary>-Name without wildcards matched no process (ObjectNotFound), as Get-Process reports it.</summary>
    public const string ProcessNameNotFound = nameof(ProcessNameNotFound);

    /// <summary>-Name holds a wildcard pattern PowerShell cannot parse, such as an unclosed '[' (InvalidArgument).</summary>
    public const string InvalidNamePattern = nameof(InvalidNamePattern);

    /// <summary>A System.Diagnostics.Process object that stands for no process: never started, or disposed (InvalidArgument).</summary>
    public const string InvalidProcessObject = nameof(InvalidProcessObject);

    /// <summary>Compare-VmMap was given regions of different processes on its two sides without -IgnoreProcessId (InvalidArgument).</summary>
    public const string RegionsOfDifferentProcesses = nameof(RegionsOfDifferentProcesses);

    /// <summary>An object given to Compare-VmMap is not a VmRegion from Get-VmMap (InvalidArgument).</summary>
    public const string NotAVmRegion = nameof(NotAVmRegion);
}
