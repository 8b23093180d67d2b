using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Threading;

namespace ProcMap.PowerShell;

/// <summary>
/// The progress bar of one cmdlet call, fed by ProcMap.Core's reads: at most four records a second, none
/// for a call that ends within the first quarter of a second, and a Completed record at the end when one
/// was shown. Each call has its own activity id, so the bars of two ProcMap cmdlets in one pipeline stack
/// instead of overwriting each other.
/// </summary>
internal sealed class ProgressBar : IProgressSink
{
    private static readonly long Interval = Stopwatch.Frequency / 4;
    private static int s_lastActivityId;

    private readonly Cmdlet _cmdlet;
    private readonly string _activity;
    private readonly int _activityId;
    private long _next;
    private bool _shown;

    public ProgressBar(Cmdlet cmdlet, string activity)
    {
        _cmdlet = cmdlet;
        _activity = activity;
        _activityId = Interlocked.Increment(ref s_lastActivityId) & int.MaxValue;
        _next = Stopwatch.GetTimestamp() + Interval;
    }

    /// <inheritdoc/>
    public bool IsDue => Stopwatch.GetTimestamp() >= _next;

    /// <inheritdoc/>
    public void Report(ReadProgress progress)
    {
        _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, Status(progress))
        {
            PercentComplete = progress.Percent,
            CurrentOperation = Operation(progress),
        });
        _shown = true;
        _next = Stopwatch.GetTimestamp() + Interval;
    }

    /// <summary>Takes the bar down at the end of the call, when one was shown.</summary>
    public void Complete()
    {
        if (_shown)
        {
            _shown = false;
            _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    // "Process 4790: /usr/lib/x86_64-linux-gnu/libc.so.6", the mapping as pmap labels it.
    private static string Status(ReadProgress progress) =>
        string.Create(CultureInfo.InvariantCulture, $"Process {progress.ProcessId}: {progress.Mapping}");

    // "at 0x7f09ccd1f000 in mapping 12, 812 MiB of 1.5 GiB" (bytes of the mapped address space).
    private static string Operation(ReadProgress progress)
    {
        string at = string.Create(CultureInfo.InvariantCulture, $"at 0x{progress.Address:x} in mapping {progress.Mappings:N0}, {ViewText.Size(progress.Done)}");
        return progress.Total == 0 ? at : string.Concat(at, " of ", ViewText.Size(progress.Total));
    }
}
