using System;
using System.Management.Automation;
using ProcMap.Analysis;
using ProcMap.Sources;

namespace ProcMap.PowerShell;

/// <summary>
/// <para type="synopsis">Sums a process's mappings by kind, path, mapping or permissions, as VMMap's summary and pmap -x's total line do.</para>
/// <para type="description">Measure-VmMap writes one ProcMap.VmSummary per process and group, with the number of
/// regions, their size and, where the regions carry smaps figures, their resident, proportional, private,
/// swapped and locked bytes, and one line per process whose Group is Total. It sums VmRegion objects from the
/// pipeline (Get-VmMap, -Detailed or not, live or -CorePath), or reads the process itself with -Id, -Name or
/// -CorePath (live processes through /proc/PID/smaps, as pmap -x does).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "VmMap", DefaultParameterSetName = IdSet, HelpUri = HelpPages + "Measure-VmMap.md")]
[OutputType(typeof(VmSummary))]
public sealed class MeasureVmMapCommand : ProcessOrCoreCommand
{
    private const string RegionSet = "Region";

    private VmMapSummary? _piped;

    /// <summary>Gets or sets the regions to sum, as Get-VmMap writes them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RegionSet, ValueFromPipeline = true,
        HelpMessage = "VmRegion objects from Get-VmMap.")]
    [RegionArrayTransformation]
    public VmRegion[] Region { get; set; } = Array.Empty<VmRegion>();

    /// <summary>Gets or sets what to group each process's regions by.</summary>
    [Parameter]
    public VmSummaryGrouping GroupBy { get; set; } = VmSummaryGrouping.Kind;

    /// <inheritdoc/>
    protected override void ProcessOther()
    {
        if (ParameterSetName != RegionSet)
        {
            base.ProcessOther();
            return;
        }

        _piped ??= new VmMapSummary(GroupBy);
        foreach (var region in Region)
        {
            if (region is not null)
            {
                _piped.Add(region);
            }
        }
    }

    /// <inheritdoc/>
    protected override void ProcessOne(ProcessSource source, int processId)
    {
        var summary = new VmMapSummary(GroupBy);
        foreach (var region in source.ReadVmMap(processId, detailed: !ReadingCoreFiles, StopToken))
        {
            summary.Add(region);
        }

        WriteObject(summary.TakeLines(), enumerateCollection: true);
    }

    /// <summary>Piped regions are summed once all have arrived: a process's regions may come from several inputs.</summary>
    protected override void EndProcessing()
    {
        base.EndProcessing();
        if (_piped is not null)
        {
            WriteObject(_piped.TakeLines(), enumerateCollection: true);
        }
    }
}
