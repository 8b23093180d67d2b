using System.Collections.Generic;
using System.Management.Automation;
using ProcMap.Sources;

namespace ProcMap.PowerShell;

/// <summary>
/// <para type="synopsis">Lists which physical memory backs a process's virtual address range, run by run.</para>
/// <para type="description">Get-PhysicalRegion answers what QNX's introspection_get_physical_regions() answers:
/// for every mapping within the range, the runs of pages that are present in RAM (with their physical
/// address, when the kernel shows frames), swapped out, or not backed at all, with the pagemap bits
/// (soft-dirty, exclusive, userfaultfd write-protect, guard, file or shared) and the enclosing mapping.
/// With -PageFlags it adds each frame's kpageflags and map count (root only). It reads /proc/PID/maps and
/// /proc/PID/pagemap, and on Linux 6.7+ uses the PAGEMAP_SCAN ioctl so the cost follows resident memory,
/// not the size of the address space.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "PhysicalRegion", DefaultParameterSetName = IdSet, HelpUri = HelpPages + "Get-PhysicalRegion.md")]
[OutputType(typeof(PhysicalRegion))]
public sealed class GetPhysicalRegionCommand : NamedProcessCommand
{
    /// <summary>The type name that selects the PageFlags table view for -PageFlags output.</summary>
    internal const string PageFlagsTypeName = "ProcMap.PhysicalRegion#PageFlags";

    private readonly HashSet<PhysicalRegionWarning> _warned = new();
    private PhysicalRegionOptions? _options;

    /// <summary>
    /// Gets or sets the first address of the range (rounded down to a page). Takes 0x hex strings and
    /// numbers; negative numbers from PowerShell's signed hex literals are read as their unsigned bits.
    /// Binds the Start property of piped Get-VmMap objects.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Start")]
    [AddressTransformation]
    public ulong StartAddress { get; set; }

    /// <summary>
    /// Gets or sets the address just past the range (rounded up to a page); the default is the top of the
    /// address space. Same forms as -StartAddress; binds the End property of piped Get-VmMap objects.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("End")]
    [AddressTransformation]
    public ulong EndAddress { get; set; } = ulong.MaxValue;

    /// <summary>Gets or sets one address: only the whole run that holds it is reported. Not with -StartAddress or -EndAddress.</summary>
    [Parameter]
    [AddressTransformation]
    public ulong Address { get; set; }

    /// <summary>Gets or sets whether to add each frame's flags and map count from /proc/kpageflags and /proc/kpagecount (root only).</summary>
    [Parameter]
    public SwitchParameter PageFlags { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        _options = new PhysicalRegionOptions
        {
            IncludePageFlags = PageFlags.IsPresent,
            Warning = OnWarning,
            Verbose = WriteVerbose,
        };
    }

    /// <inheritdoc/>
    protected override void ProcessOne(ProcessSource source, int processId)
    {
        var bound = MyInvocation.BoundParameters;
        if (bound.ContainsKey(nameof(Address)))
        {
            if (bound.ContainsKey(nameof(StartAddress)) || bound.ContainsKey(nameof(EndAddress)))
            {
                throw new ProcMapArgumentException(ErrorIds.InvalidAddressRange, Messages.AddressWithRange(), Address);
            }

            // No mapping holds the address: one AddressNotMapped record naming its neighbours. Null: the
            // process has no address space (a kernel thread, a zombie), which shows nothing.
            var run = source.ReadPhysicalRegionAt(processId, Address, _options!, StopToken);
            if (run is not null)
            {
                Write(run);
            }

            return;
        }

        foreach (var region in source.ReadPhysicalRegions(processId, StartAddress, EndAddress, _options!, StopToken))
        {
            Write(region);
        }
    }

    private void Write(PhysicalRegion region)
    {
        if (PageFlags.IsPresent)
        {
            var wrapped = PSObject.AsPSObject(region);
            wrapped.TypeNames.Insert(0, PageFlagsTypeName);
            WriteObject(wrapped);
        }
        else
        {
            WriteObject(region);
        }
    }

    // One warning per kind per call, however many processes the call reads.
    private void OnWarning(PhysicalRegionWarning kind, string message)
    {
        if (_warned.Add(kind))
        {
            WriteWarning(message);
        }
    }
}
