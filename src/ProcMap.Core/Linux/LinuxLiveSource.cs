using System;
using System.Collections.Generic;
using System.Threading;
using ProcMap.Interop;
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
    private readonly bool _disableSmapsRollup;
    private readonly UserDatabase _users = new();
    private readonly TtyNames _ttys;
    private PhysicalRegionReader? _physical;
    private ProcessLister? _lister;

    /// <summary>Creates a source over the procfs at <paramref name="procRoot"/> (a fixture tree in tests).</summary>
    public LinuxLiveSource(string procRoot = ProcFs.DefaultRoot)
        : this(new ProcFs(procRoot), Environment.GetEnvironmentVariable(PhysicalRegionReader.DisableScanVariable) == "1",
            Environment.GetEnvironmentVariable(SmapsRollup.DisableVariable) == "1")
    {
    }

    /// <summary>
    /// Creates a source that reads pagemap page by page when <paramref name="disablePagemapScan"/> is set, and
    /// sums smaps instead of reading smaps_rollup when <paramref name="disableSmapsRollup"/> is (tests of the
    /// paths of older kernels).
    /// </summary>
    internal LinuxLiveSource(string procRoot, bool disablePagemapScan, bool disableSmapsRollup = false)
        : this(new ProcFs(procRoot), disablePagemapScan, disableSmapsRollup)
    {
    }

    /// <summary>Creates a source whose line buffer starts at <paramref name="lineBufferSize"/> bytes.</summary>
    internal LinuxLiveSource(string procRoot, int lineBufferSize)
        : this(new ProcFs(procRoot, lineBufferSize), disablePagemapScan: false, disableSmapsRollup: false)
    {
    }

    private LinuxLiveSource(ProcFs proc, bool disablePagemapScan, bool disableSmapsRollup)
    {
        _proc = proc;
        _disablePagemapScan = disablePagemapScan;
        _disableSmapsRollup = disableSmapsRollup;
        _ttys = new TtyNames(_proc);
    }

    /// <summary>The procfs reader this source uses.</summary>
    public ProcFs Proc => _proc;

    /// <inheritdoc/>
    public override string Description => "live Linux (" + _proc.Root + ")";

    /// <inheritdoc/>
    protected override IEnumerable<VmRegion> ReadVmMapCore(int processId, bool detailed, VmRegionFilter? filter, CancellationToken cancellationToken) => detailed
        ? SmapsReader.Read(_proc, processId, filter, cancellationToken)
        : MapsReader.Read(_proc, processId, filter, cancellationToken);

    /// <inheritdoc/>
    protected override ArgumentsReading ReadArgumentsCore(int processId, bool includeEnvironment, int maxChars, CancellationToken cancellationToken) =>
        ArgumentsReader.Read(_proc, processId, includeEnvironment, maxChars, cancellationToken);

    /// <inheritdoc/>
    protected override IEnumerable<PhysicalRegion> ReadPhysicalRegionsCore(int processId, ulong startAddress, ulong endAddress, PhysicalRegionOptions options, CancellationToken cancellationToken) =>
        Physical.Read(processId, startAddress, endAddress, options, Progress, cancellationToken);

    /// <inheritdoc/>
    protected override PhysicalRegion? ReadPhysicalRegionAtCore(int processId, ulong address, PhysicalRegionOptions options, CancellationToken cancellationToken) =>
        Physical.ReadAt(processId, address, options, Progress, cancellationToken);

    /// <summary>
    /// stat's vsize: the kernel's own count of the process's mapped pages (mm->total_vm) in bytes, one small
    /// file to read however many mappings there are. Null when it cannot be read; the read it serves
    /// reports the failure itself.
    /// </summary>
    protected override ulong? MappedBytesCore(int processId) =>
        _proc.TryReadAll(_proc.PathOf(processId, "stat"), processId, out var text, out _) && StatFile.TryParse(text, out var fields)
            ? fields.VirtualSize
            : null;

    private PhysicalRegionReader Physical => _physical ??= new PhysicalRegionReader(_proc, (ulong)Environment.SystemPageSize, _disablePagemapScan);

    /// <inheritdoc/>
    protected override IEnumerable<ProcessInfo> ReadProcessesCore(ProcessSelector selector, CancellationToken cancellationToken)
    {
        // The clock tick is sysconf(_SC_CLK_TCK) (USER_HZ), the unit of stat's times; never assume 100.
        _lister ??= new ProcessLister(_proc, _users, _ttys, LibC.SysConf(LibC._SC_CLK_TCK), (ulong)Environment.SystemPageSize,
            new SmapsRollup(_proc, _disableSmapsRollup));
        return _lister.Read(selector, cancellationToken);
    }

    /// <inheritdoc/>
    protected override bool TryFindUser(string name, out uint userId) => _users.TryFindUser(name, out userId);

    /// <inheritdoc/>
    protected override bool TryFindTty(string name, out ulong device) => _ttys.TryResolve(name, out device);
}
