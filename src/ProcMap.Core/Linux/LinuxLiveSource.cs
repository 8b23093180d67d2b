using System;
using System.Collections.Generic;
using System.Threading;
using ProcMap.Sources;

namespace ProcMap.Linux;

/// <summary>
/// The live Linux system, read through procfs: ProcMap's kvm_t for a running kernel. One instance
/// per cmdlet call; it owns the reader's buffers and caches for that call's lifetime.
/// </summary>
public sealed class LinuxLiveSource : ProcessSource
{
    private readonly ProcFs _proc;
    private readonly bool _disablePagemapScan;
    private PhysicalRegionReader? _physical;

    /// <summary>Creates a source over the procfs at <paramref name="procRoot"/> (a fixture tree in tests).</summary>
    public LinuxLiveSource(string procRoot = ProcFs.DefaultRoot)
    {
        _proc = new ProcFs(procRoot);
        _disablePagemapScan = Environment.GetEnvironmentVariable(PhysicalRegionReader.DisableScanVariable) == "1";
    }

    /// <summary>Creates a source that reads pagemap page by page when <paramref name="disablePagemapScan"/> is set (tests of the fallback path).</summary>
    internal LinuxLiveSource(string procRoot, bool disablePagemapScan)
    {
        _proc = new ProcFs(procRoot);
        _disablePagemapScan = disablePagemapScan;
    }

    /// <summary>Creates a source whose line buffer starts at <paramref name="lineBufferSize"/> bytes.</summary>
    internal LinuxLiveSource(string procRoot, int lineBufferSize)
    {
        _proc = new ProcFs(procRoot, lineBufferSize);
    }

    /// <summary>The procfs reader this source uses.</summary>
    public ProcFs Proc => _proc;

    /// <inheritdoc/>
    public override string Description => "live Linux (" + _proc.Root + ")";

    /// <inheritdoc/>
    public override IEnumerable<VmRegion> ReadVmMap(int processId, bool detailed, CancellationToken cancellationToken)
    {
        ProcessIds.Validate(processId);
        return detailed
            ? SmapsReader.Read(_proc, processId, cancellationToken)
            : MapsReader.Read(_proc, processId, cancellationToken);
    }

    /// <inheritdoc/>
    public override ArgumentsReading ReadArguments(int processId, bool includeEnvironment, int maxChars, CancellationToken cancellationToken)
    {
        ProcessIds.Validate(processId);
        if (maxChars < 0)
        {
            throw new ProcMapArgumentException(ErrorIds.InvalidMaxChars, Messages.InvalidMaxChars(maxChars), maxChars);
        }

        return ArgumentsReader.Read(_proc, processId, includeEnvironment, maxChars, cancellationToken);
    }

    /// <inheritdoc/>
    public override IEnumerable<PhysicalRegion> ReadPhysicalRegions(int processId, ulong startAddress, ulong endAddress, PhysicalRegionOptions options, CancellationToken cancellationToken) =>
        Physical.Read(processId, startAddress, endAddress, options, cancellationToken);

    /// <inheritdoc/>
    public override PhysicalRegion? ReadPhysicalRegionAt(int processId, ulong address, PhysicalRegionOptions options, CancellationToken cancellationToken) =>
        Physical.ReadAt(processId, address, options, cancellationToken);

    private PhysicalRegionReader Physical => _physical ??= new PhysicalRegionReader(_proc, (ulong)Environment.SystemPageSize, _disablePagemapScan);
}
