using System;
using System.Management.Automation;
using ProcMap.Text;

namespace ProcMap.PowerShell;

/// <summary>
/// Lets an address parameter take what people type: <c>'0x7ffd1000'</c>, <c>0x7ffd1000</c>, decimal
/// numbers, and PowerShell's signed hex literals such as <c>0xffffffffff600000</c> (an Int64 of
/// -10485760), which are read back as the unsigned number with the same bits. All parsing is
/// ProcMap.Core's <see cref="AddressParser"/>; a value that is no address fails binding with a message
/// that says what is accepted.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class AddressTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc/>
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (AddressParser.TryConvert(value, out ulong address, out string? error))
        {
            return address;
        }

        throw new ArgumentTransformationMetadataException(error);
    }
}
