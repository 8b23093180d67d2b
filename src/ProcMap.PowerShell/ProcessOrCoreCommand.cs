using System;
using System.Management.Automation;

namespace ProcMap.PowerShell;

/// <summary>
/// Base of the cmdlets that read a live process or, with <c>-CorePath</c>, a process core file, the way
/// kvm(3) opens a live kernel or a crash dump behind one handle. The cmdlet writes one
/// <see cref="ProcessTargetCommand.ProcessOne"/> for both: a core is a <see cref="Sources.CoreSource"/>
/// whose one process is the dumped one. A core is read on any operating system.
/// </summary>
public abstract class ProcessOrCoreCommand : ProcessTargetCommand
{
    /// <inheritdoc/>
    /// <remarks>
    /// Not bound by property name here: Get-ChildItem's FileInfo objects carry a Name beside the FullName
    /// that -CorePath binds, and binding both would make the parameter set ambiguous.
    /// </remarks>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet, HelpMessage = NameHelp)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ProcessNameCompleter))]
    public override string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Gets or sets the process core files to read instead of the live system (binds FullName from Get-ChildItem).</summary>
    [Parameter(Mandatory = true, ParameterSetName = CoreFileInput.ParameterSet, ValueFromPipelineByPropertyName = true,
        HelpMessage = "The path of a process core file (from gcore, the kernel or coredumpctl dump).")]
    [Alias(CoreFileInput.FullNameAlias)]
    [ValidateNotNullOrEmpty]
    public string[] CorePath { get; set; } = Array.Empty<string>();

    /// <summary>True when this call reads core files.</summary>
    protected bool ReadingCoreFiles => ParameterSetName == CoreFileInput.ParameterSet;

    /// <inheritdoc/>
    protected override void ProcessOther()
    {
        if (ReadingCoreFiles)
        {
            RunForCoreFiles(CorePath, core => ProcessOne(core, core.ProcessId));
            return;
        }

        base.ProcessOther();
    }
}
