using System.Management.Automation;
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
[Cmdlet(VerbsCommon.Get, "VmMap", DefaultParameterSetName = IdSet)]
[OutputType(typeof(VmRegion))]
public sealed class GetVmMapCommand : ProcessOrCoreCommand
{
    /// <summary>The type name that selects the Detailed table view for -Detailed output.</summary>
    internal const string DetailedTypeName = "ProcMap.VmRegion#Detailed";

    /// <summary>The type name that selects the FreeBSD (procstat -v) table view for regions with kinfo_vmentry facts.</summary>
    internal const string FreeBsdTypeName = "ProcMap.VmRegion#FreeBSD";

    /// <summary>The type name that selects the core file table view (with a Dumped column).</summary>
    internal const string CoreTypeName = "ProcMap.VmRegion#Core";

    /// <summary>Gets or sets whether to read smaps for residency and accounting figures (costs a page-table walk in the kernel).</summary>
    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = InputObjectSet)]
    public SwitchParameter Detailed { get; set; }

    /// <inheritdoc/>
    protected override void ProcessOne(ProcessSource source, int processId)
    {
        bool detailed = Detailed.IsPresent;
        foreach (var region in source.ReadVmMap(processId, detailed, StopToken))
        {
            // The view follows what the region holds: a core's Dumped column, FreeBSD's kve_* facts
            // (procstat -v), or smaps figures (pmap -x); the plain object gets the pmap -d table.
            string? view = ReadingCoreFiles ? CoreTypeName
                : region.ObjectType is not null ? FreeBsdTypeName
                : detailed ? DetailedTypeName
                : null;
            if (view is null)
            {
                WriteObject(region);
                continue;
            }

            var wrapped = PSObject.AsPSObject(region);
            wrapped.TypeNames.Insert(0, view);
            WriteObject(wrapped);
        }
    }
}
