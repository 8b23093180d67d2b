using System;

namespace ProcMap;

/// <summary>A core file is not a process core ProcMap can read, or its structure is corrupt: the detail names the problem.</summary>
public sealed class CoreFileInvalidException : ProcMapException
{
    /// <summary>Creates the exception for <paramref name="path"/>; <paramref name="detail"/> says what is wrong.</summary>
    public CoreFileInvalidException(string path, string detail, Exception? innerException = null)
        : base(ErrorIds.CoreFileInvalid, ProcMapErrorCategory.InvalidData, path, Messages.CoreFileInvalid(path, detail), innerException)
    {
        Path = path;
        Detail = detail;
    }

    /// <summary>The core file.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it, without the path.</summary>
    public string Detail { get; }
}

/// <summary>There is no file at the path given as a core file.</summary>
public sealed class CoreFileNotFoundException : ProcMapException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public CoreFileNotFoundException(string path, Exception? innerException = null)
        : base(ErrorIds.CoreFileNotFound, ProcMapErrorCategory.ObjectNotFound, path, Messages.CoreFileNotFound(path), innerException)
    {
        Path = path;
    }

    /// <summary>The path that was asked for.</summary>
    public string Path { get; }
}

/// <summary>The path given as a core file cannot be read as a file: a directory, a device, a pipe, a refused or failing read.</summary>
public sealed class CoreFileUnreadableException : ProcMapException
{
    /// <summary>Creates the exception; <paramref name="accessDenied"/> when the operating system refused access (PermissionDenied, else ReadError).</summary>
    public CoreFileUnreadableException(string path, string detail, bool accessDenied = false, Exception? innerException = null)
        : base(ErrorIds.CoreFileUnreadable, accessDenied ? ProcMapErrorCategory.PermissionDenied : ProcMapErrorCategory.ReadError, path, Messages.CoreFileUnreadable(path, detail), innerException)
    {
        Path = path;
        AccessDenied = accessDenied;
    }

    /// <summary>The path that was asked for.</summary>
    public string Path { get; }

    /// <summary>True when the operating system refused access (EACCES, EPERM) to the file or a directory on its path.</summary>
    public bool AccessDenied { get; }
}

/// <summary>The core file is sound but does not hold what was asked for (the environment when the stack was not dumped).</summary>
public sealed class CoreDataNotDumpedException : ProcMapException
{
    /// <summary>Creates the exception for <paramref name="path"/>; <paramref name="what"/> names the missing data.</summary>
    public CoreDataNotDumpedException(string path, string what)
        : base(ErrorIds.CoreDataNotDumped, ProcMapErrorCategory.ResourceUnavailable, path, Messages.CoreDataNotDumped(path, what))
    {
        Path = path;
    }

    /// <summary>The core file.</summary>
    public string Path { get; }
}
