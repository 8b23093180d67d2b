using System;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using System.Threading;

namespace ProcMap.Sources;

/// <summary>
/// Where process facts come from, like kvm(3)'s kvm_t: the live Linux kernel, a core file, or the live
/// FreeBSD kernel. A cmdlet opens one per call, asks it for records, and disposes it at the end (kvm_close).
/// The public methods apply the rules every source shares (argument checks, how names resolve) and hand
/// over to the abstract ones, which every source must implement, so a source that lacks a capability is a
/// compile error; one that truly cannot do something (FreeBSD has no pagemap) says so by throwing
/// <see cref="SourceNotSupportedException"/> with the reason. Every other failure is another
/// <see cref="ProcMapException"/> (or OperationCanceledException when the token is cancelled).
/// </summary>
public abstract class ProcessSource : IDisposable
{
    private bool _disposed;

    /// <summary>A short name for messages: "live Linux", "core file ./core.1234".</summary>
    public abstract string Description { get; }

    /// <summary>
    /// Where long reads say how far they have come (the mappings of a process, a physical-region walk);
    /// null, the default, for none. Set by the caller that shows progress, which also sets the pace.
    /// </summary>
    public IProgressSink? Progress { get; set; }

    /// <summary>
    /// Yields the mappings of <paramref name="processId"/> in address order, as they are read
    /// (kinfo_getvmmap(3)). With <paramref name="detailed"/>, also the residency and accounting figures.
    /// A process without an address space (a kernel thread, a zombie) has none.
    /// </summary>
    public IEnumerable<VmRegion> ReadVmMap(int processId, bool detailed, CancellationToken cancellationToken) =>
        ReadVmMap(processId, detailed, null, cancellationToken);

    /// <summary>
    /// Yields the mappings of <paramref name="processId"/> that <paramref name="filter"/> keeps (all of them
    /// when it is null), decided before a region is built where the source parses text.
    /// </summary>
    public IEnumerable<VmRegion> ReadVmMap(int processId, bool detailed, VmRegionFilter? filter, CancellationToken cancellationToken)
    {
        RequireValidProcessId(processId);
        var regions = ReadVmMapCore(processId, detailed, filter, cancellationToken);
        return Progress is IProgressSink progress ? Reported(regions, processId, progress) : regions;
    }

    /// <summary>
    /// Yields the processes (or, with <see cref="ProcessSelector.IncludeThreads"/>, the threads) that
    /// <paramref name="selector"/> matches, like kvm_getprocs(3). Processes that exit while they are read
    /// are skipped without a word, as ps does; a process that cannot be read for another reason goes to
    /// <see cref="ProcessSelector.ReadFailed"/> and the listing goes on. When
    /// <see cref="ProcessSelector.ProcessIds"/> names an id with no process, the enumeration throws
    /// <see cref="ProcessNotFoundException"/> for it, so a cmdlet that must report missing ids asks for one id
    /// at a time.
    /// </summary>
    public IEnumerable<ProcessInfo> ReadProcesses(ProcessSelector selector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selector);
        foreach (int id in selector.ProcessIds ?? Array.Empty<int>())
        {
            RequireValidProcessId(id);
        }

        return ReadProcessesCore(selector, cancellationToken);
    }

    /// <summary>
    /// Reads the argument vector of <paramref name="processId"/> (kvm_getargv(3)) and, with
    /// <paramref name="includeEnvironment"/>, its environment (kvm_getenvv(3)). <paramref name="maxChars"/>
    /// follows kvm's nchr: at most that many bytes counting each string's terminating NUL, the overflowing
    /// string cut and the rest dropped, applied to argv and environment separately; 0 means no limit, and
    /// a negative limit is an InvalidMaxChars error.
    /// </summary>
    public ArgumentsReading ReadArguments(int processId, bool includeEnvironment, int maxChars, CancellationToken cancellationToken)
    {
        RequireValidProcessId(processId);
        if (maxChars < 0)
        {
            throw new ProcMapArgumentException(ErrorIds.InvalidMaxChars, Messages.InvalidMaxChars(maxChars), maxChars);
        }

        return ReadArgumentsCore(processId, includeEnvironment, maxChars, cancellationToken);
    }

    /// <summary>
    /// Yields the physical regions of <paramref name="processId"/> within [<paramref name="startAddress"/>,
    /// <paramref name="endAddress"/>) in address order, as QNX's introspection_get_physical_regions() does: for
    /// every mapping that overlaps the range (clipped to it), the runs of pages with the same state and
    /// pagemap bits and, when present, consecutive frames (when swapped, consecutive swap offsets of one
    /// swap area). Addresses outside every mapping yield nothing, and so does a process without an address
    /// space. <paramref name="startAddress"/> is rounded down and <paramref name="endAddress"/> up to whole
    /// pages; UInt64.MaxValue as the end means the top of the address space. Throws
    /// <see cref="ProcMapArgumentException"/> (InvalidAddressRange) when start is not below end, and the
    /// usual not-found and access-denied exceptions when the process cannot be read; those are thrown by the
    /// call itself, before the first region. What cannot be shown (frames hidden from this reader, page
    /// flags unreadable) is not an error: the fields stay null and <see cref="PhysicalRegionOptions.Warning"/>
    /// hears why, once per kind per call.
    /// </summary>
    public IEnumerable<PhysicalRegion> ReadPhysicalRegions(int processId, ulong startAddress, ulong endAddress, PhysicalRegionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        RequireValidProcessId(processId);
        if (startAddress >= endAddress)
        {
            throw new ProcMapArgumentException(ErrorIds.InvalidAddressRange, Messages.InvalidAddressRange(startAddress, endAddress),
                startAddress.ToString("x", CultureInfo.InvariantCulture) + "-" + endAddress.ToString("x", CultureInfo.InvariantCulture));
        }

        return ReadPhysicalRegionsCore(processId, startAddress, endAddress, options, cancellationToken);
    }

    /// <summary>
    /// The one physical region (the whole run, not just its page) that holds <paramref name="address"/>,
    /// or null when no mapping of the process holds it. Same errors and warnings as
    /// <see cref="ReadPhysicalRegions"/>.
    /// </summary>
    public PhysicalRegion? ReadPhysicalRegionAt(int processId, ulong address, PhysicalRegionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        RequireValidProcessId(processId);
        return ReadPhysicalRegionAtCore(processId, address, options, cancellationToken);
    }

    /// <summary>
    /// The user id that <paramref name="user"/> names for <see cref="ProcessSelector.UserIds"/> and
    /// <see cref="ProcessSelector.RealUserIds"/>: a user name from this source's user database, else a
    /// decimal user id (a uid with no entry in the database is still a uid processes can run as, as
    /// ps -u takes it). Throws <see cref="ProcMapArgumentException"/> (UnknownUser) when it is neither.
    /// </summary>
    public uint ResolveUser(string user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Length > 0 && !user.Contains('\0', StringComparison.Ordinal) && TryFindUser(user, out uint userId))
        {
            return userId;
        }

        if (uint.TryParse(user, NumberStyles.None, CultureInfo.InvariantCulture, out userId))
        {
            return userId;
        }

        throw new ProcMapArgumentException(ErrorIds.UnknownUser, Messages.UnknownUser(user), user);
    }

    /// <summary>
    /// The <see cref="ProcessInfo.TtyDevice"/> value of the terminal <paramref name="tty"/> for
    /// <see cref="ProcessSelector.TtyDevices"/>: a device number, or a device name ("pts/3", "/dev/pts/3",
    /// "tty1") as this source's system names it. Throws <see cref="ProcMapArgumentException"/> (UnknownTty)
    /// when it names no terminal.
    /// </summary>
    public ulong ResolveTty(string tty)
    {
        ArgumentNullException.ThrowIfNull(tty);
        if (ulong.TryParse(tty, NumberStyles.None, CultureInfo.InvariantCulture, out ulong device) && device != 0)
        {
            return device;
        }

        if (tty.Length > 0 && !tty.Contains('\0', StringComparison.Ordinal) && TryFindTty(tty, out device))
        {
            return device;
        }

        throw new ProcMapArgumentException(ErrorIds.UnknownTty, Messages.UnknownTty(tty), tty);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            Dispose(disposing: true);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>The mappings <paramref name="filter"/> keeps (null: all); the process id is valid.</summary>
    protected abstract IEnumerable<VmRegion> ReadVmMapCore(int processId, bool detailed, VmRegionFilter? filter, CancellationToken cancellationToken);

    /// <summary>The regions <paramref name="filter"/> keeps, for sources that decode binary records into regions first.</summary>
    protected static IEnumerable<VmRegion> Kept(IEnumerable<VmRegion> regions, VmRegionFilter? filter) =>
        filter is null ? regions : regions.Where(filter.Matches);

    /// <summary>The processes; the selector's ids are valid.</summary>
    protected abstract IEnumerable<ProcessInfo> ReadProcessesCore(ProcessSelector selector, CancellationToken cancellationToken);

    /// <summary>The arguments; the process id is valid and <paramref name="maxChars"/> is 0 or more.</summary>
    protected abstract ArgumentsReading ReadArgumentsCore(int processId, bool includeEnvironment, int maxChars, CancellationToken cancellationToken);

    /// <summary>The physical regions; the process id is valid and start is below end.</summary>
    protected abstract IEnumerable<PhysicalRegion> ReadPhysicalRegionsCore(int processId, ulong startAddress, ulong endAddress, PhysicalRegionOptions options, CancellationToken cancellationToken);

    /// <summary>The physical region at an address; the process id is valid.</summary>
    protected abstract PhysicalRegion? ReadPhysicalRegionAtCore(int processId, ulong address, PhysicalRegionOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// The bytes of address space <paramref name="processId"/> has mapped (ps's VSZ), the total of a
    /// progress bar over <see cref="ReadVmMap(int, bool, VmRegionFilter?, CancellationToken)"/>: asked only when a report is due and the total is not known
    /// yet, at most once per process, so it must be cheap. Null when the source cannot tell cheaply (the bar
    /// then shows no percent) or cannot read it (the read it serves reports that itself).
    /// </summary>
    protected abstract ulong? MappedBytesCore(int processId);

    /// <summary>Looks <paramref name="name"/> up in this source's user database.</summary>
    protected abstract bool TryFindUser(string name, out uint userId);

    /// <summary>Finds the terminal device <paramref name="name"/> names on this source's system.</summary>
    protected abstract bool TryFindTty(string name, out ulong device);

    /// <summary>Releases what the source holds (open files, caches). Called once.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>The exception for an operation this source cannot do, with why.</summary>
    protected SourceNotSupportedException NotSupported(string operation) =>
        new(Messages.SourceCannot(Description, operation));

    // Passes the mappings on as they come and tells the sink, when a report is due, which one the read has
    // reached and how many of the process's mapped bytes lie behind it. IsDue is asked every ReportEvery
    // mappings only, so a read that shows no bar pays nothing.
    private IEnumerable<VmRegion> Reported(IEnumerable<VmRegion> regions, int processId, IProgressSink progress)
    {
        const int ReportEvery = 64;
        ulong done = 0;
        long count = 0;
        ulong? total = null;
        VmRegion? last = null;
        foreach (var region in regions)
        {
            count++;
            last = region;
            if (count % ReportEvery == 0 && progress.IsDue)
            {
                total ??= MappedBytesCore(processId) ?? 0;
                progress.Report(new ReadProgress(processId, done, total.Value, count, region.Mapping, region.Start));
            }

            done += region.Size;
            yield return region;
        }

        if (total is not null && last is not null)
        {
            progress.Report(new ReadProgress(processId, done, done, count, last.Mapping, last.End));
        }
    }

    /// <summary>The rule every source applies to a process id before touching the kernel: ids start at 1.</summary>
    private static void RequireValidProcessId(long processId)
    {
        if (processId < 1)
        {
            throw new ProcMapArgumentException(ErrorIds.InvalidProcessId, Messages.InvalidProcessId(processId), processId);
        }
    }
}
