using System;
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
public sealed class GetVmMapCommand : ProcessTargetCommand
{
    /// <summary>The type name that selects the Detailed table view for -Detailed output.</summary>
    internal const string DetailedTypeName = "ProcMap.VmRegion#Detailed";

    /// <summary>The type name that selects the FreeBSD (procstat -v) table view for regions with kinfo_vmentry facts.</summary>
    internal const string FreeBsdTypeName = "ProcMap.VmRegion#FreeBSD";

    /// <summary>The type name that selects the core file table view (with a Dumped column).</summary>
    internal const string CoreTypeName = "ProcMap.VmRegion#Core";

    private ProcessSource? _source;

    /// <summary>Gets or sets whether to read smaps for residency and accounting figures (costs a page-table walk in the kernel).</summary>
    [Parameter(ParameterSetName = IdSet)]
    [Parameter(ParameterSetName = InputObjectSet)]
    public SwitchParameter Detailed { get; set; }

    /// <summary>Gets or sets the ELF core files to read instead of the live system (binds FullName from Get-ChildItem).</summary>
    [Parameter(Mandatory = true, ParameterSetName = CoreFileInput.ParameterSet, ValueFromPipelineByPropertyName = true)]
    [Alias(CoreFileInput.FullNameAlias)]
    [ValidateNotNullOrEmpty]
    public string[] CorePath { get; set; } = Array.Empty<string>();

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == CoreFileInput.ParameterSet)
        {
            RunForCoreFiles(CorePath, core =>
            {
                foreach (var region in core.ReadVmMap(core.ProcessId, detailed: false, StopToken))
                {
                    var wrapped = PSObject.AsPSObject(region);
                    wrapped.TypeNames.Insert(0, CoreTypeName);
                    WriteObject(wrapped);
                }
            });
            return;
        }

        // Opened on first use, not in BeginProcessing: pipeline input may bind -CorePath, which needs no live source.
        if (_source is null)
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

        base.ProcessRecord();
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
