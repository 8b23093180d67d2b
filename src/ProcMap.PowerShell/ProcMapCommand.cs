using System;
using System.Management.Automation;
using System.Threading;
using ProcMap.Sources;

namespace ProcMap.PowerShell;

/// <summary>
/// What every ProcMap cmdlet shares: a stop token that Ctrl+C cancels, the live source (opened once per
/// call, closed when the call ends, like kvm_open and kvm_close), and the rule that a source's error
/// becomes one non-terminating record while the pipeline goes on with the next item.
/// </summary>
public abstract class ProcMapCommand : PSCmdlet, IDisposable
{
    /// <summary>
    /// Where each cmdlet's help page lives online (Get-Help -Online): docs/help/&lt;Cmdlet&gt;.md at the
    /// manifest's ProjectUri. Cmdlets name their page as HelpUri = HelpPages + "Get-VmMap.md".
    /// </summary>
    internal const string HelpPages = "https://github.com/procmap/ProcMap/blob/main/docs/help/";

    private readonly CancellationTokenSource _stopping = new();
    private bool _disposed;
    private ProcessSource? _live;
    private ProgressBar? _progress;
    private bool _progressDecided;

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
                    _live.Progress = Progress;
                }
                catch (ProcMapException exception)
                {
                    ThrowTerminating(exception);
                }
            }

            return _live!;
        }
    }

    /// <summary>
    /// The progress bar of this call, fed by the sources' long reads; null when progress is not wanted
    /// ($ProgressPreference or -ProgressAction SilentlyContinue), so those reads do no progress work at all.
    /// </summary>
    private ProgressBar? Progress
    {
        get
        {
            if (!_progressDecided)
            {
                _progressDecided = true;
                _progress = ProgressWanted() ? new ProgressBar(this, MyInvocation.MyCommand.Name) : null;
            }

            return _progress;
        }
    }

    /// <summary>Cancelled when the user presses Ctrl+C or a downstream command stops the pipeline.</summary>
    protected CancellationToken StopToken => _stopping.Token;

    /// <inheritdoc/>
    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>Takes down the progress bar, when one was shown.</summary>
    protected override void EndProcessing() => _progress?.Complete();

    /// <summary>
    /// Runs one item's work; a <see cref="ProcMapException"/> becomes a non-terminating error record.
    /// Exceptions the engine throws out of WriteObject to stop the pipeline pass through untouched.
    /// </summary>
    protected void RunForItem(Action work)
    {
        try
        {
            work();
        }
        catch (ProcMapException exception)
        {
            WriteError(ErrorRecords.From(exception));
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Writes <paramref name="exception"/> as one non-terminating error record.</summary>
    protected void WriteError(ProcMapException exception) => WriteError(ErrorRecords.From(exception));

    /// <summary>
    /// Runs <paramref name="work"/> on each core file of -CorePath in turn, each as one item: the core is
    /// opened and checked, handed over, and closed; any failure (missing file, not a core, corrupt) becomes
    /// one non-terminating error record and the next path goes on. See <see cref="CoreFileInput"/>.
    /// </summary>
    protected void RunForCoreFiles(string[] corePaths, Action<CoreSource> work)
    {
        ArgumentNullException.ThrowIfNull(corePaths);
        ArgumentNullException.ThrowIfNull(work);
        foreach (string path in corePaths)
        {
            RunForItem(() =>
            {
                using var core = CoreFileInput.Open(this, path, StopToken);
                core.Progress = Progress;
                work(core);
            });
        }
    }

    // -ProgressAction, when given, else $ProgressPreference as this command sees it.
    private bool ProgressWanted()
    {
        object? preference = MyInvocation.BoundParameters.TryGetValue("ProgressAction", out object? given) ? given : GetVariableValue("ProgressPreference");
        return !LanguagePrimitives.TryConvertTo(preference, out ActionPreference value)
            || (value != ActionPreference.SilentlyContinue && value != ActionPreference.Ignore);
    }

    /// <summary>Stops the whole call: for a condition no later input can change (no live source here).</summary>
    protected void ThrowTerminating(ProcMapException exception) => ThrowTerminatingError(ErrorRecords.From(exception));

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes the live source and releases the stop token.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            _live?.Dispose();
            _stopping.Dispose();
        }

        _disposed = true;
    }
}
