using System;

namespace ProcMap;

/// <summary>
/// Base of every error a ProcMap source reports. The PowerShell layer turns each subclass into one
/// error record with a fixed ErrorId and ErrorCategory (ErrorRecords.cs); nothing else escapes a source.
/// </summary>
public abstract class ProcMapException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected ProcMapException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>What the error is about: a process id, a path or an argument, shown as the record's TargetObject.</summary>
    public abstract object? Target { get; }
}

/// <summary>The process does not exist, or exited while it was read (ENOENT, ESRCH).</summary>
public sealed class ProcessNotFoundException : ProcMapException
{
    /// <summary>Creates the exception for <paramref name="processId"/>.</summary>
    public ProcessNotFoundException(int processId, Exception? innerException = null)
        : base(Messages.ProcessNotFound(processId), innerException)
    {
        ProcessId = processId;
    }

    /// <summary>The process that was asked for.</summary>
    public int ProcessId { get; }

    /// <inheritdoc/>
    public override object? Target => ProcessId;
}

/// <summary>The kernel refused to let this user read the process's data (EACCES, EPERM).</summary>
public sealed class ProcessAccessDeniedException : ProcMapException
{
    /// <summary>Creates the exception for <paramref name="processId"/> and the file that was refused.</summary>
    public ProcessAccessDeniedException(int processId, string path, Exception? innerException = null)
        : base(Messages.AccessDenied(processId, path), innerException)
    {
        ProcessId = processId;
        Path = path;
    }

    /// <summary>The process that was asked for.</summary>
    public int ProcessId { get; }

    /// <summary>The file or interface that refused.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public override object? Target => ProcessId;
}

/// <summary>A kernel file could not be read for another reason, or did not have the layout its documentation gives.</summary>
public sealed class ProcReadException : ProcMapException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public ProcReadException(string path, string detail, Exception? innerException = null)
        : base(Messages.ProcReadFailed(path, detail), innerException)
    {
        Path = path;
    }

    /// <summary>The file that failed.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public override object? Target => Path;
}

/// <summary>An argument is out of range: a process id below 1, an address range whose start is not below its end.</summary>
public sealed class ProcMapArgumentException : ProcMapException
{
    /// <summary>Creates the exception; <paramref name="errorId"/> is one of <see cref="ErrorIds"/>.</summary>
    public ProcMapArgumentException(string errorId, string message, object? value)
        : base(message)
    {
        ErrorId = errorId;
        Value = value;
    }

    /// <summary>Which argument rule was broken, as a stable ErrorId.</summary>
    public string ErrorId { get; }

    /// <summary>The value that broke it.</summary>
    public object? Value { get; }

    /// <inheritdoc/>
    public override object? Target => Value;
}

/// <summary>There is no live source for this operating system (or no such facility on it).</summary>
public sealed class SourceNotSupportedException : ProcMapException
{
    /// <summary>Creates the exception with a message that says what to use instead.</summary>
    public SourceNotSupportedException(string message)
        : base(message)
    {
    }

    /// <inheritdoc/>
    public override object? Target => null;
}

/// <summary>A core file is not a process core ProcMap can read, or its structure is corrupt: the detail names the problem.</summary>
public sealed class CoreFileInvalidException : ProcMapException
{
    /// <summary>Creates the exception for <paramref name="path"/>; <paramref name="detail"/> says what is wrong.</summary>
    public CoreFileInvalidException(string path, string detail, Exception? innerException = null)
        : base(Messages.CoreFileInvalid(path, detail), innerException)
    {
        Path = path;
        Detail = detail;
    }

    /// <summary>The core file.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it, without the path.</summary>
    public string Detail { get; }

    /// <inheritdoc/>
    public override object? Target => Path;
}

/// <summary>There is no file at the path given as a core file.</summary>
public sealed class CoreFileNotFoundException : ProcMapException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public CoreFileNotFoundException(string path, Exception? innerException = null)
        : base(Messages.CoreFileNotFound(path), innerException)
    {
        Path = path;
    }

    /// <summary>The path that was asked for.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public override object? Target => Path;
}

/// <summary>The path given as a core file cannot be read as a file: a directory, a pipe, a refused or failing read.</summary>
public sealed class CoreFileUnreadableException : ProcMapException
{
    /// <summary>Creates the exception; <paramref name="accessDenied"/> when the operating system refused access.</summary>
    public CoreFileUnreadableException(string path, string detail, bool accessDenied = false, Exception? innerException = null)
        : base(Messages.CoreFileUnreadable(path, detail), innerException)
    {
        Path = path;
        AccessDenied = accessDenied;
    }

    /// <summary>The path that was asked for.</summary>
    public string Path { get; }

    /// <summary>True when the operating system refused to open the file (EACCES, EPERM).</summary>
    public bool AccessDenied { get; }

    /// <inheritdoc/>
    public override object? Target => Path;
}

/// <summary>The core file is sound but does not hold what was asked for (the environment when the stack was not dumped).</summary>
public sealed class CoreDataNotDumpedException : ProcMapException
{
    /// <summary>Creates the exception for <paramref name="path"/>; <paramref name="what"/> names the missing data.</summary>
    public CoreDataNotDumpedException(string path, string what)
        : base(Messages.CoreDataNotDumped(path, what))
    {
        Path = path;
    }

    /// <summary>The core file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public override object? Target => Path;
}

/// <summary>A process name without wildcards matched no process (Get-Process's NoProcessFoundForGivenName).</summary>
public sealed class ProcessNameNotFoundException : ProcMapException
{
    /// <summary>Creates the exception for <paramref name="name"/>.</summary>
    public ProcessNameNotFoundException(string name)
        : base(Messages.ProcessNameNotFound(name))
    {
        Name = name;
    }

    /// <summary>The name that was asked for.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public override object? Target => Name;
}
