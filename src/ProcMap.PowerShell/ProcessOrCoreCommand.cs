using System;
using System.Management.Automation;

namespace ProcMap.PowerShell;

/// <summary>
/// Base of the cmdlets that read a live process or, with <c>-CorePath</c>, an ELF core file, the way
/// kvm(3) opens a live kernel or a crash dump behind one handle. The cmdlet writes one
/// <see cref="ProcessTargetCommand.ProcessOne"/> for both: a core is a <see cref="Sources.ProcessSource"/>
/// whose one process is the dumped one. A core is read on any operating system.
/// </summary>
public abstract class ProcessOrCoreCommand : ProcessTargetCommand
{
    /// <summary>Gets or sets the ELF core files to read instead of the live system (binds FullName from Get-ChildItem).</summary>
    [Parameter(Mandatory = true, ParameterSetName = CoreFileInput.ParameterSet, ValueFromPipelineByPropertyName = true)]
    [Alias(CoreFileInput.FullNameAlias)]
    [ValidateNotNullOrEmpty]
    public string[] CorePath { get; set; } = Array.Empty<string>();

    /// <summary>True when this call reads core files.</summary>
    protected bool ReadingCoreFiles => ParameterSetName == CoreFileInput.ParameterSet;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ReadingCoreFiles)
        {
            RunForCoreFiles(CorePath, core => ProcessOne(core, core.ProcessId));
            return;
        }

        base.ProcessRecord();
    }
}
