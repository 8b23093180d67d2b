using System.Management.Automation;
using ProcMap.Sources;

namespace ProcMap.PowerShell;

/// <summary>
/// <para type="synopsis">Gets the argument vector, and optionally the environment, of processes.</para>
/// <para type="description">Get-ProcessArgs answers what FreeBSD's kvm_getargv(3) and kvm_getenvv(3) answer: the
/// arguments a process was started with, each one whole (empty arguments kept, spaces and newlines inside
/// an argument kept), as a ProcMap.ProcessArguments with the command name, a CommandLine that a POSIX shell
/// splits back into the same arguments, and with -Environment the variables as an ordered, case-sensitive
/// dictionary. Arguments are readable for every process; the environment needs ptrace read rights, and
/// where they are missing the object still comes out with Environment $null, beside an AccessDenied error.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "ProcessArgs", DefaultParameterSetName = IdSet, HelpUri = HelpPages + "Get-ProcessArgs.md")]
[OutputType(typeof(ProcessArguments))]
public sealed class GetProcessArgsCommand : ProcessOrCoreCommand
{
    /// <summary>Gets or sets whether to read the environment too (kvm_getenvv; needs ptrace read rights).</summary>
    [Parameter]
    public SwitchParameter Environment { get; set; }

    /// <summary>
    /// Gets or sets kvm's nchr: at most this many bytes of text, counting each string's terminating NUL, for the
    /// arguments and for the environment separately; the string that overflows is cut, the rest dropped, and
    /// Truncated set. 0 (the default) means no limit.
    /// </summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int MaxChars { get; set; }

    /// <inheritdoc/>
    protected override void ProcessOne(ProcessSource source, int processId)
    {
        var reading = source.ReadArguments(processId, Environment.IsPresent, MaxChars, StopToken);
        WriteObject(reading.Arguments);
        if (reading.EnvironmentError is not null)
        {
            WriteError(ErrorRecords.From(reading.EnvironmentError));
        }
    }
}
