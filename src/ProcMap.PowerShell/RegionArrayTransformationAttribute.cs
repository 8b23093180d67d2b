using System;
using System.Management.Automation;

namespace ProcMap.PowerShell;

/// <summary>
/// Turns an array of VmRegion objects (as <c>$regions = Get-VmMap -Detailed</c> holds them: an object[] of
/// PSObjects, since -Detailed adds a view name) into a VmRegion[] in one pass. PowerShell's own conversion
/// goes through LanguagePrimitives element by element and costs more than Measure-VmMap's summing of
/// 60,000 regions. Anything else passes through untouched, for the binder to convert or refuse as usual.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class RegionArrayTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc/>
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is VmRegion single)
        {
            return new[] { single };
        }

        if (value is not object?[] items)
        {
            return inputData;
        }

        var regions = new VmRegion[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            if ((items[i] is PSObject item ? item.BaseObject : items[i]) is not VmRegion region)
            {
                return inputData;
            }

            regions[i] = region;
        }

        return regions;
    }
}
