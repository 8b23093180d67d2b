using System.Diagnostics;
using System.Management.Automation;
using ProcMap.Sources;

namespace ProcMap.PowerShell;

/// <summary>
/// Base of the cmdlets that ask about given processes: <c>-Id</c> (aliases ProcessId and PID, bound by
/// property name so Get-Process, Get-KvmProcess and Get-VmMap objects pipe in) or <c>-InputObject</c>
/// (a System.Diagnostics.Process, bound by value).
/// </summary>
public abstract class ProcessTargetCommand : ProcMapCommand
{
    /// <summary>Parameter set of -Id.</summary>
    protected const string IdSet = "Id";

    /// <summary>Parameter set of -InputObject.</summary>
    protected const string InputObjectSet = "InputObject";

    /// <summary>Gets or sets the process ids to read.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    [Alias("ProcessId", "PID")]
    [ArgumentCompleter(typeof(ProcessIdCompleter))]
    public int[] Id { get; set; } = System.Array.Empty<int>();

    /// <summary>Gets or sets the processes to read, as Get-Process returns them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    public Process[] InputObject { get; set; } = System.Array.Empty<Process>();

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputObjectSet)
        {
            foreach (var process in InputObject)
            {
                if (process is not null)
                {
                    RunForItem(() => ProcessOne(Live, IdOf(process)));
                }
            }

            return;
        }

        foreach (int processId in Id)
        {
            RunForItem(() => ProcessOne(Live, processId));
        }
    }

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
        catch (System.InvalidOperationException)
        {
            throw new ProcMapArgumentException(ErrorIds.InvalidProcessObject, Messages.ProcessObjectWithoutProcess, process);
        }
    }

    /// <summary>Reads one process from <paramref name="source"/> and writes its objects.</summary>
    protected abstract void ProcessOne(ProcessSource source, int processId);
}
