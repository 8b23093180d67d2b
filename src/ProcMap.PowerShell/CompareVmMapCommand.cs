using System;
using System.Collections.Generic;
using System.Management.Automation;
using ProcMap.Analysis;

namespace ProcMap.PowerShell;

/// <summary>
/// <para type="synopsis">Compares two snapshots of a process's VM map and lists what was mapped, unmapped, grown, shrunk or changed.</para>
/// <para type="description">Compare-VmMap works like Compare-Object for Get-VmMap output: it writes one
/// ProcMap.VmChange per difference between the reference regions and the difference regions (Added, Removed,
/// Grown, Shrunk, Changed), with the size change, the resident, proportional and swap changes when both
/// snapshots are detailed, and both regions. A heap or stack that grows in place is Grown, not Removed and
/// Added; another protection or backing at the same place is Changed. Snapshots may be live (-Detailed or
/// not) or come from core files (-CorePath), in any combination, of one process.</para>
/// </summary>
[Cmdlet(VerbsData.Compare, "VmMap", HelpUri = HelpPages + "Compare-VmMap.md")]
[OutputType(typeof(VmChange))]
public sealed class CompareVmMapCommand : ProcMapCommand
{
    private readonly List<VmRegion> _reference = new();
    private readonly List<VmRegion> _difference = new();

    /// <summary>Gets or sets the earlier snapshot: the regions compared against.</summary>
    [Parameter(Mandatory = true, Position = 0, HelpMessage = "The earlier snapshot: VmRegion objects from Get-VmMap.")]
    [AllowEmptyCollection]
    [AllowNull]
    public object?[] ReferenceObject { get; set; } = Array.Empty<object>();

    /// <summary>Gets or sets the later snapshot: the regions compared with the reference (binds from the pipeline).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, HelpMessage = "The later snapshot: VmRegion objects from Get-VmMap.")]
    [AllowEmptyCollection]
    [AllowNull]
    public object?[] DifferenceObject { get; set; } = Array.Empty<object>();

    /// <summary>Gets or sets whether to write the regions that did not change too (Change = Equal).</summary>
    [Parameter]
    public SwitchParameter IncludeEqual { get; set; }

    /// <summary>Gets or sets the smallest change of Rss, Pss or Swap, in bytes, that makes an otherwise unchanged region Changed.</summary>
    [Parameter]
    public ulong MinimumDelta { get; set; }

    /// <summary>Gets or sets whether to compare regions of different processes, matched by address alone.</summary>
    [Parameter]
    public SwitchParameter IgnoreProcessId { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing() => Collect(ReferenceObject, _reference);

    /// <inheritdoc/>
    protected override void ProcessRecord() => Collect(DifferenceObject, _difference);

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var options = new VmComparisonOptions { IncludeEqual = IncludeEqual, MinimumDelta = MinimumDelta, IgnoreProcessId = IgnoreProcessId };
        RunForItem(() => WriteObject(VmMapComparison.Compare(_reference, _difference, options), enumerateCollection: true));
    }

    // Each object that is not a region is one error, and the rest still counts.
    private void Collect(object?[]? items, List<VmRegion> into)
    {
        foreach (object? item in items ?? Array.Empty<object>())
        {
            if ((item is PSObject wrapped ? wrapped.BaseObject : item) is VmRegion region)
            {
                into.Add(region);
                continue;
            }

            string typeName = item is PSObject shown ? shown.TypeNames[0] : item?.GetType().FullName ?? "null";
            WriteError(new ProcMapArgumentException(ErrorIds.NotAVmRegion, Messages.NotAVmRegion(typeName), item));
        }
    }
}
