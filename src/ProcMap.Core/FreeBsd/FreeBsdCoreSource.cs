using System;
using System.Collections.Generic;
using System.Threading;
using ProcMap.Elf;
using ProcMap.Sources;

namespace ProcMap.FreeBsd;

/// <summary>A FreeBSD process core (sys/kern/imgact_elf.c): read through its NT_PROCSTAT_* notes.</summary>
public sealed class FreeBsdCoreSource : CoreSource
{
    private readonly string _path;

    private FreeBsdCoreSource(string path)
    {
        _path = path;
    }

    /// <inheritdoc/>
    public override string Description => "FreeBSD core file " + _path;

    /// <inheritdoc/>
    public override string Path => _path;

    /// <inheritdoc/>
    public override int ProcessId => 0;

    internal static FreeBsdCoreSource Open(ElfCore core, string path, CancellationToken cancellationToken)
    {
        _ = core;
        _ = cancellationToken;
        throw new CoreFileInvalidException(path, "FreeBSD cores are not read yet.");
    }

    /// <inheritdoc/>
    protected override IEnumerable<VmRegion> ReadVmMapCore(int processId, bool detailed, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override IEnumerable<ProcessInfo> ReadProcessesCore(ProcessSelector selector, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override ArgumentsReading ReadArgumentsCore(int processId, bool includeEnvironment, int maxChars, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override IEnumerable<PhysicalRegion> ReadPhysicalRegionsCore(int processId, ulong startAddress, ulong endAddress, PhysicalRegionOptions options, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override PhysicalRegion? ReadPhysicalRegionAtCore(int processId, ulong address, PhysicalRegionOptions options, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override bool TryFindUser(string name, out uint userId) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override bool TryFindTty(string name, out ulong device) => throw new NotSupportedException();
}
