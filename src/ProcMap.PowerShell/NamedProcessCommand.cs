using System;
using System.Management.Automation;

namespace ProcMap.PowerShell;

/// <summary>Base of the cmdlets that read live processes only (Get-PhysicalRegion: a core holds no physical map).</summary>
public abstract class NamedProcessCommand : ProcessTargetCommand
{
    /// <inheritdoc/>
    /// <remarks>
    /// Bound by property name, as Get-Process -Name is. It also keeps PowerShell's binder from committing
    /// to the -Id set before it tries a piped Process by value: with no other set that takes a mandatory
    /// parameter by property name, the binder would read Process.Id first, and for a Process that stands
    /// for no process that read throws inside the engine (CatchFromBaseAdapterGetValue) before ProcMap can
    /// say InvalidProcessObject. (The cmdlets that read cores have -CorePath for that.)
    /// </remarks>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true, HelpMessage = NameHelp)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ProcessNameCompleter))]
    public override string[] Name { get; set; } = Array.Empty<string>();
}
