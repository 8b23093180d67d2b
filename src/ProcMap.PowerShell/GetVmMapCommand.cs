using System.Collections.Generic;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using ProcMap.Sources;

namespace ProcMap.PowerShell;

/// <summary>
/// <para type="synopsis">Lists what is mapped where in a process's address space.</para>
/// <para type="description">Get-VmMap answers the question pmap, procstat -v and FreeBSD's kinfo_getvmmap(3) answer: one
/// ProcMap.VmRegion per mapping of the process, in address order, with its range, protection, backing
/// file (device, inode, offset, path) and kind. With -Detailed it reads /proc/PID/smaps instead and adds
/// the resident, proportional, shared, private, swapped and locked bytes of each mapping. With -CorePath
/// it reads an ELF process core file instead (on any operating system): the PT_LOAD segments and the
/// NT_FILE note give the mappings, and Dumped says whether the core holds each one's bytes.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VmMap", DefaultParameterSetName = IdSet, HelpUri = HelpPages + "Get-VmMap.md")]
[OutputType(typeof(VmRegion))]
public sealed class GetVmMapCommand : ProcessOrCoreCommand
{
    /// <summary>The type name that selects the FreeBSD (procstat -v) table view for regions with kinfo_vmentry facts.</summary>
    internal const string FreeBsdTypeName = "ProcMap.VmRegion#FreeBSD";

    /// <summary>The type name that selects the core file table view (with a Dumped column).</summary>
    internal const string CoreTypeName = "ProcMap.VmRegion#Core";

    // Regions are written 64 at a time: one WriteObject call per region (the engine's stop and permission
    // checks, the output pipe's bookkeeping) was a tenth of a big listing; 64 is few enough that a
    // pipeline that stops early still stops at once.
    private const int BatchSize = 64;

    private readonly List<object> _batch = new(BatchSize);

    /// <summary>Gets or sets whether to read smaps for residency and accounting figures (costs a page-table walk in the kernel).</summary>
    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = InputObjectSet)]
    public SwitchParameter Detailed { get; set; }

    private VmRegionFilter? _filter;
    private bool _filterBuilt;

    /// <summary>
    /// Gets or sets wildcard patterns over the mapped file's path (VmRegion.Path, case-sensitive as Linux
    /// paths are); only mappings whose path matches one are read. Anonymous mappings have no path.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>Gets or sets whether to keep only mappings of files that were unlinked (VmRegion.Deleted).</summary>
    [Parameter]
    public SwitchParameter Deleted { get; set; }

    /// <summary>Gets or sets the kinds of mapping to keep (VmRegion.Kind).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public VmRegionKind[]? Kind { get; set; }

    // Built on first use, once a call: a -Path value that is no pattern is one InvalidNamePattern record
    // and matches nothing (an empty filter never means "keep everything").
    private VmRegionFilter? Filter
    {
        get
        {
            if (!_filterBuilt)
            {
                _filterBuilt = true;
                var paths = Path is null ? null : new WildcardList(Path, WildcardOptions.None, WriteError);
                _filter = paths is null && !Deleted.IsPresent && Kind is null
                    ? null
                    : new VmRegionFilter(paths is null ? null : paths.Matches, Deleted.IsPresent, Kind);
            }

            return _filter;
        }
    }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _ = Filter;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void ProcessOne(ProcessSource source, int processId)
    {
        bool detailed = Detailed.IsPresent;
        var filter = Filter;
        var batch = _batch;
        batch.Clear();
        try
        {
            foreach (var region in source.ReadVmMap(processId, detailed, filter, StopToken))
            {
                batch.Add(Viewed(region));
                if (batch.Count == BatchSize)
                {
                    WriteObject(batch, enumerateCollection: true);
                    batch.Clear();
                }
            }
        }
        catch (ProcMapException)
        {
            // The regions read before the failure are still written, before its error record.
            Flush(batch);
            throw;
        }

        Flush(batch);
    }

    private void Flush(List<object> batch)
    {
        if (batch.Count > 0)
        {
            WriteObject(batch, enumerateCollection: true);
            batch.Clear();
        }
    }

    // The view follows what the region holds: a core's Dumped column or FreeBSD's kve_* facts (procstat -v)
    // by a type name on a wrapper; smaps figures (pmap -x) by the CLR type, DetailedVmRegion, so the 60,000
    // regions of a big -Detailed listing need no wrapper each; the plain object gets the pmap -d table.
    private object Viewed(VmRegion region)
    {
        string? view = ReadingCoreFiles ? CoreTypeName
            : region.ObjectType is not null ? FreeBsdTypeName
            : null;
        if (view is null)
        {
            return region;
        }

        var wrapped = PSObject.AsPSObject(region);
        wrapped.TypeNames.Insert(0, view);
        return wrapped;
    }
}
