using System;
using System.Threading;

namespace ProcMap.Sources;

/// <summary>
/// A source that holds one process: a process core file. -CorePath works with this type, never with a
/// concrete file format, so another core format (FreeBSD's, NetBSD's) plugs in by deriving from it and
/// being recognised in <see cref="Open"/>.
/// </summary>
public abstract class CoreSource : ProcessSource
{
    /// <summary>The path the core was opened from.</summary>
    public abstract string Path { get; }

    /// <summary>The process the core holds.</summary>
    public abstract int ProcessId { get; }

    /// <summary>
    /// Opens the core at <paramref name="path"/> (a full file system path) in whatever format it is. Throws
    /// <see cref="CoreFileNotFoundException"/>, <see cref="CoreFileUnreadableException"/> or
    /// <see cref="CoreFileInvalidException"/> (which names what the file is when it is no core ProcMap reads).
    /// </summary>
    public static CoreSource Open(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        return CoreFileSource.Open(path, cancellationToken);
    }
}
