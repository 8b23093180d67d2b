using System.Collections.Generic;

namespace ProcMap.Tests;

/// <summary>A progress sink that keeps every report; <see cref="Due"/> says whether reads may report.</summary>
internal sealed class RecordingProgress : IProgressSink
{
    public bool Due { get; set; } = true;

    public List<ReadProgress> Reports { get; } = new();

    public bool IsDue => Due;

    public void Report(ReadProgress progress) => Reports.Add(progress);
}
