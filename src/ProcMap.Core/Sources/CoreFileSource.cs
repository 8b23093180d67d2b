using System;
using System.Collections.Generic;
using System.Threading;
using ProcMap.CoreFile;
using ProcMap.Elf;
using ProcMap.Text;

namespace ProcMap.Sources;

/// <summary>
/// An ELF process core file (gcore, or the kernel's own on a crash): ProcMap's kvm_open(3) on a core.
/// It answers the same questions as the live source, for the one process the core holds, from the
/// core's notes and dumped memory; it is pure file parsing and works on every operating system.
/// Opening checks the whole structure, so a hostile file fails at once with a
/// <see cref="CoreFileInvalidException"/> that names the problem. One instance per core per cmdlet call;
/// dispose it to close the file.
/// </summary>
public sealed class CoreFileSource : CoreSource
{
    private readonly CoreImage _image;
    private readonly string _path;

    private CoreFileSource(CoreImage image, string path)
    {
        _image = image;
        _path = path;
    }

    /// <inheritdoc/>
    public override string Description => "core file " + _path;

    /// <summary>The checked core (tests compare its notes with independent readers).</summary>
    internal CoreImage Image => _image;

    /// <inheritdoc/>
    public override string Path => _path;

    /// <summary>The process the core holds (NT_PRPSINFO pr_pid, else the first thread's id).</summary>
    public override int ProcessId => _image.ProcessId;

    /// <summary>
    /// Opens and checks the ELF core at <paramref name="path"/> (a full file system path). Throws
    /// <see cref="CoreFileNotFoundException"/>, <see cref="CoreFileUnreadableException"/> or
    /// <see cref="CoreFileInvalidException"/>.
    /// </summary>
    public static new CoreFileSource Open(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var source = CoreSource.Open(path, cancellationToken);
        if (source is CoreFileSource linux)
        {
            return linux;
        }

        source.Dispose();
        throw new CoreFileInvalidException(path, Messages.CoreNotLinux);
    }

    /// <summary>Opens a Linux process core whose ELF structure <see cref="CoreSource"/> has checked.</summary>
    internal static CoreFileSource Open(ElfCore core, string path, CancellationToken cancellationToken)
    {
        try
        {
            return new CoreFileSource(CoreImage.Open(core, cancellationToken), path);
        }
        catch (ElfFormatException exception)
        {
            throw new CoreFileInvalidException(path, exception.Message, exception);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _image.Bytes.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    /// <remarks>A core holds no residency figures, so <paramref name="detailed"/> is not supported.</remarks>
    protected override IEnumerable<VmRegion> ReadVmMapCore(int processId, bool detailed, VmRegionFilter? filter, CancellationToken cancellationToken)
    {
        RequireProcess(processId);
        if (detailed)
        {
            throw NotSupported("list mappings with residency figures (-Detailed): a core holds no page accounting");
        }

        return Kept(Regions(new CoreVmMap(_image), cancellationToken), filter);
    }

    /// <inheritdoc/>
    protected override IEnumerable<ProcessInfo> ReadProcessesCore(ProcessSelector selector, CancellationToken cancellationToken)
    {
        RequireProcesses(selector);
        return Processes(selector, cancellationToken);
    }

    /// <inheritdoc/>
    protected override ArgumentsReading ReadArgumentsCore(int processId, bool includeEnvironment, int maxChars, CancellationToken cancellationToken)
    {
        RequireProcess(processId);
        try
        {
            return CoreArguments.Read(_image, _path, includeEnvironment, maxChars, cancellationToken);
        }
        catch (ElfFormatException exception)
        {
            throw Invalid(exception);
        }
    }

    private IEnumerable<VmRegion> Regions(CoreVmMap map, CancellationToken cancellationToken)
    {
        while (NextRegion(map, cancellationToken) is VmRegion region)
        {
            yield return region;
        }
    }

    private VmRegion? NextRegion(CoreVmMap map, CancellationToken cancellationToken)
    {
        try
        {
            return map.Next(cancellationToken);
        }
        catch (ElfFormatException exception)
        {
            throw Invalid(exception);
        }
    }

    private IEnumerable<ProcessInfo> Processes(ProcessSelector selector, CancellationToken cancellationToken)
    {
        var threads = selector.IncludeThreads ? new ThreadCursor(_image) : null;
        if (threads is null)
        {
            var process = Guard(() => CoreProcesses.Process(_image, cancellationToken));
            if (selector.Matches(process))
            {
                yield return process;
            }

            yield break;
        }

        while (Guard(() => CoreProcesses.NextThread(_image, threads, cancellationToken)) is ProcessInfo thread)
        {
            if (selector.Matches(thread))
            {
                yield return thread;
            }
        }
    }

    private T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ElfFormatException exception)
        {
            throw Invalid(exception);
        }
    }

    private CoreFileInvalidException Invalid(ElfFormatException exception) => Invalid(exception.Message, exception);

}
