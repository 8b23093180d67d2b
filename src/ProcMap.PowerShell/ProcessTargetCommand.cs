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
    public int[] Id { get; set; } = System.Array.Empty<int>();

    /// <summary>Gets or sets the processes to read, as Get-Process returns them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    public Process[] InputObject { get; set; } = System.Array.Empty<Process>();

    private ProcessSource? _live;

    /// <summary>
    /// The live source of this system, opened on first use rather than in BeginProcessing: input bound
    /// from the pipeline may turn out to be a core file, which needs no live source. Where there is none,
    /// the call stops with one PlatformNotSupported error.
    /// </summary>
    protected ProcessSource Live
    {
        get
        {
            if (_live is null)
            {
                try
                {
                    _live = LiveSource.Open();
                }
                catch (ProcMapException exception)
                {
                    ThrowTerminating(exception);
                }
            }

            return _live!;
        }
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputObjectSet)
        {
            foreach (var process in InputObject)
            {
                if (process is not null)
                {
                    RunForItem(() => ProcessOne(Live, process.Id));
                }
            }

            return;
        }

        foreach (int processId in Id)
        {
            RunForItem(() => ProcessOne(Live, processId));
        }
    }

    /// <summary>Reads one process from <paramref name="source"/> and writes its objects.</summary>
    protected abstract void ProcessOne(ProcessSource source, int processId);
}
