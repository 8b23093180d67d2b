using System.Management.Automation;
using ProcMap.Sources;

namespace ProcMap.PowerShell;

/// <summary>
/// <para type="synopsis">Lists what is mapped where in a process's address space.</para>
/// <para type="description">Get-VmMap answers the question pmap, procstat -v and FreeBSD's kinfo_getvmmap(3) answer: one
/// ProcMap.VmRegion per mapping of the process, in address order, with its range, protection, backing
/// file (device, inode, offset, path) and kind. With -Detailed it reads /proc/PID/smaps instead and adds
/// the resident, proportional, shared, private, swapped and locked bytes of each mapping.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VmMap", DefaultParameterSetName = IdSet)]
[OutputType(typeof(VmRegion))]
public sealed class GetVmMapCommand : ProcessTargetCommand
{
    /// <summary>The type name that selects the Detailed table view for -Detailed output.</summary>
    internal const string DetailedTypeName = "ProcMap.VmRegion#Detailed";

    /// <summary>The type name that selects the FreeBSD (procstat -v) table view for regions with kinfo_vmentry facts.</summary>
    internal const string FreeBsdTypeName = "ProcMap.VmRegion#FreeBSD";

    private ProcessSource? _source;

    /// <summary>Gets or sets whether to read smaps for residency and accounting figures (costs a page-table walk in the kernel).</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        try
        {
            _source = LiveSource.Open();
        }
        catch (ProcMapException exception)
        {
            ThrowTerminating(exception);
        }
    }

    /// <inheritdoc/>
    protected override void ProcessOne(int processId)
    {
        bool detailed = Detailed.IsPresent;
        foreach (var region in _source!.ReadVmMap(processId, detailed, StopToken))
        {
            if (region.ObjectType is not null)
            {
                // A FreeBSD source filled the kve_* facts: show them as procstat -v does.
                var wrapped = PSObject.AsPSObject(region);
                wrapped.TypeNames.Insert(0, FreeBsdTypeName);
                WriteObject(wrapped);
            }
            else if (detailed)
            {
                var wrapped = PSObject.AsPSObject(region);
                wrapped.TypeNames.Insert(0, DetailedTypeName);
                WriteObject(wrapped);
            }
            else
            {
                WriteObject(region);
            }
        }
    }
}
