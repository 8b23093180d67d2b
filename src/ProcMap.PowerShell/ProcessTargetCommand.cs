using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using ProcMap.Sources;

namespace ProcMap.PowerShell;

/// <summary>
/// Base of every cmdlet that asks about processes: the one place <c>-Id</c> (aliases ProcessId and PID,
/// bound by property name so Get-Process, Get-KvmProcess and Get-VmMap objects pipe in), <c>-Name</c>
/// (wildcards over the command name, as Get-Process -Name) and <c>-InputObject</c> (a
/// System.Diagnostics.Process, bound by value) are declared, validated and turned into process ids. A
/// derived cmdlet writes <see cref="ProcessOne"/> and may read several at once where it can do better.
/// </summary>
public abstract class ProcessTargetCommand : ProcMapCommand
{
    /// <summary>Parameter set of -Id.</summary>
    protected const string IdSet = "Id";

    /// <summary>Parameter set of -Name.</summary>
    protected const string NameSet = "Name";

    /// <summary>Parameter set of -InputObject.</summary>
    protected const string InputObjectSet = "InputObject";

    private ProcessNamePatterns? _names;

    /// <summary>Gets or sets the process ids to read.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true,
        HelpMessage = "The id of a process, as ps and Get-Process show it (PID). Several ids may be given, separated by commas.")]
    [Alias("ProcessId", "PID")]
    [ArgumentCompleter(typeof(ProcessIdCompleter))]
    public int[] Id { get; set; } = Array.Empty<int>();

    /// <summary>
    /// Gets or sets the command names (comm, as ps -C matches them) of the processes to read; wildcards are
    /// allowed. Declared by the two bases below this one, which differ only in whether it binds by property
    /// name (see <see cref="NamedProcessCommand.Name"/>).
    /// </summary>
    public abstract string[] Name { get; set; }

    /// <summary>The help message of -Name, shared by its declarations.</summary>
    protected const string NameHelp = "The command name of a process (comm, as ps shows it), or a wildcard pattern such as ssh*.";

    /// <summary>Gets or sets the processes to read, as Get-Process returns them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true,
        HelpMessage = "A process object from Get-Process.")]
    public Process[] InputObject { get; set; } = Array.Empty<Process>();

    /// <summary>The -Name patterns of this call; null outside the Name set.</summary>
    private protected ProcessNamePatterns? NamePatterns => _names ??= ParameterSetName == NameSet ? new ProcessNamePatterns(Name, WriteError) : null;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case IdSet:
                ProcessIds(Live, Id);
                break;
            case NameSet:
                RunForItem(() => ProcessNamed(Live, NamePatterns!));
                break;
            case InputObjectSet:
                foreach (var process in InputObject)
                {
                    if (process is not null)
                    {
                        RunForItem(() => ProcessOne(Live, IdOf(process)));
                    }
                }

                break;
            default:
                ProcessOther();
                break;
        }
    }

    /// <summary>A -Name without wildcards that matched no process is an error, as in Get-Process.</summary>
    protected override void EndProcessing()
    {
        base.EndProcessing();
        foreach (var unmatched in _names?.Unmatched() ?? Array.Empty<ProcMapException>())
        {
            WriteError(unmatched);
        }
    }

    /// <summary>Reads one process from <paramref name="source"/> and writes its objects.</summary>
    protected abstract void ProcessOne(ProcessSource source, int processId);

    /// <summary>Reads the -Id processes, each as one item (its own error when it cannot be read).</summary>
    protected virtual void ProcessIds(ProcessSource source, IReadOnlyList<int> processIds)
    {
        ArgumentNullException.ThrowIfNull(processIds);
        foreach (int processId in processIds)
        {
            RunForItem(() => ProcessOne(source, processId));
        }
    }

    /// <summary>
    /// Reads every process whose name <paramref name="patterns"/> match, in id order, each as one item. The
    /// matches are listed first, so the reads that follow never interleave with the listing.
    /// </summary>
    private protected virtual void ProcessNamed(ProcessSource source, ProcessNamePatterns patterns)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(patterns);
        var matches = new List<int>();
        var selector = new ProcessSelector { NameFilter = patterns.Matches, ReadFailed = WriteError };
        foreach (var process in source.ReadProcesses(selector, StopToken))
        {
            patterns.Saw(process.Name);
            matches.Add(process.ProcessId);
        }

        foreach (int processId in matches)
        {
            RunForItem(() => ProcessOne(source, processId));
        }
    }

    /// <summary>A parameter set a derived cmdlet adds (-CorePath, a listing of everything).</summary>
    protected virtual void ProcessOther() => throw new PSInvalidOperationException(ParameterSetName);

    /// <summary>
    /// The id of <paramref name="process"/>. Process.Id throws InvalidOperationException for an object that
    /// stands for no process (new Process(), or one disposed); that is bad input, reported as one record.
    /// </summary>
    private static int IdOf(Process process)
    {
        try
        {
            return process.Id;
        }
        catch (InvalidOperationException)
        {
            throw new ProcMapArgumentException(ErrorIds.InvalidProcessObject, Messages.ProcessObjectWithoutProcess, process);
        }
    }
}
