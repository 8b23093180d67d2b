using System;
using System.Collections.Generic;
using System.Threading;
using ProcMap.CoreFile;
using ProcMap.Elf;
using ProcMap.FreeBsd;

namespace ProcMap.Sources;

/// <summary>
/// A source that holds one process: a process core file. -CorePath works with this type, never with a
/// concrete file format: <see cref="Open(string, CancellationToken)"/> reads the ELF structure once, tells
/// what system wrote the core, and hands it to that system's reader (a Linux core to
/// <see cref="CoreFileSource"/>, a FreeBSD one to <see cref="FreeBsdCoreSource"/>).
/// </summary>
public abstract class CoreSource : ProcessSource
{
    private ProcessSource? _names;
    private bool _namesOpened;

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
        var bytes = CoreFileBytes.Open(path);
        try
        {
            return Open(bytes, path, cancellationToken);
        }
        catch
        {
            bytes.Dispose();
            throw;
        }
    }

    /// <summary>Opens a core from bytes already at hand (tests); <paramref name="path"/> is only for messages.</summary>
    internal static CoreSource Open(CoreBytes bytes, string path, CancellationToken cancellationToken)
    {
        ElfCore core;
        try
        {
            core = ElfCore.Open(bytes, cancellationToken);
        }
        catch (ElfFormatException exception)
        {
            throw new CoreFileInvalidException(path, exception.Message, exception);
        }

        return core.WrittenByFreeBsd
            ? FreeBsdCoreSource.Open(core, path, cancellationToken)
            : CoreFileSource.Open(core, path, cancellationToken);
    }

    /// <summary>
    /// A core records user ids, not names, and no terminal: names given to select by are looked up on
    /// this machine's live system, where there is one (as ps on a crash dump would), else only numbers work.
    /// </summary>
    protected sealed override bool TryFindUser(string name, out uint userId)
    {
        userId = 0;
        return Names is ProcessSource names && TryResolve(() => names.ResolveUser(name), out userId);
    }

    /// <inheritdoc cref="TryFindUser"/>
    protected sealed override bool TryFindTty(string name, out ulong device)
    {
        device = 0;
        return Names is ProcessSource names && TryResolve(() => names.ResolveTty(name), out device);
    }

    private ProcessSource? Names
    {
        get
        {
            if (!_namesOpened)
            {
                _namesOpened = true;
                try
                {
                    _names = LiveSource.Open();
                }
                catch (SourceNotSupportedException)
                {
                }
            }

            return _names;
        }
    }

    private static bool TryResolve<T>(Func<T> resolve, out T value)
    {
        try
        {
            value = resolve();
            return true;
        }
        catch (ProcMapArgumentException)
        {
            value = default!;
            return false;
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _names?.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// A core records no total of its mapped bytes: adding up its segments and file entries is the walk
    /// the read itself makes, so the bar over a core's mappings shows the mapping and the address, no percent.
    /// </summary>
    protected sealed override ulong? MappedBytesCore(int processId) => null;

    /// <summary>A core holds the pages' contents, not where they lay in physical memory.</summary>
    protected sealed override IEnumerable<PhysicalRegion> ReadPhysicalRegionsCore(int processId, ulong startAddress, ulong endAddress, PhysicalRegionOptions options, CancellationToken cancellationToken) =>
        throw NotSupported(Messages.CoreHasNoPhysicalMap);

    /// <summary>A core holds the pages' contents, not where they lay in physical memory.</summary>
    protected sealed override PhysicalRegion? ReadPhysicalRegionAtCore(int processId, ulong address, PhysicalRegionOptions options, CancellationToken cancellationToken) =>
        throw NotSupported(Messages.CoreHasNoPhysicalMap);

    /// <summary>A core holds one process: any other id is not found.</summary>
    private protected void RequireProcess(int processId)
    {
        if (processId != ProcessId)
        {
            throw new ProcessNotFoundException(processId);
        }
    }

    /// <summary><see cref="RequireProcess"/> for every id a selector names.</summary>
    private protected void RequireProcesses(ProcessSelector selector)
    {
        foreach (int id in selector.ProcessIds ?? Array.Empty<int>())
        {
            RequireProcess(id);
        }
    }

    /// <summary>The exception for a core whose structure breaks the format, naming this core.</summary>
    private protected CoreFileInvalidException Invalid(string detail, Exception? innerException = null) => new(Path, detail, innerException);
}
