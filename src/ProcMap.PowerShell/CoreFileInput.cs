using System;
using System.Management.Automation;
using System.Threading;
using ProcMap.Sources;

namespace ProcMap.PowerShell;

/// <summary>
/// The -CorePath plumbing every cmdlet that can read a core file shares. To add -CorePath to a cmdlet
/// derived from <see cref="ProcMapCommand"/>:
/// <code>
/// [Parameter(Mandatory = true, ParameterSetName = CoreFileInput.ParameterSet, ValueFromPipelineByPropertyName = true)]
/// [Alias(CoreFileInput.FullNameAlias)]
/// [ValidateNotNullOrEmpty]
/// public string[] CorePath { get; set; } = Array.Empty&lt;string&gt;();
///
/// // first thing in ProcessRecord:
/// if (ParameterSetName == CoreFileInput.ParameterSet)
/// {
///     RunForCoreFiles(CorePath, core =&gt; { /* ask core (a ProcessSource) for core.ProcessId and write */ });
///     return;
/// }
/// </code>
/// and open the live source only outside that parameter set (a core is read on any operating system).
/// The path binds from FullName by property name, so <c>Get-ChildItem core.* | Cmdlet</c> works, and is
/// taken literally (no wildcards: core names often hold brackets), relative to the current location.
/// </summary>
internal static class CoreFileInput
{
    /// <summary>The name of the -CorePath parameter set.</summary>
    public const string ParameterSet = "CorePath";

    /// <summary>The alias that binds FileInfo.FullName from the pipeline.</summary>
    public const string FullNameAlias = "FullName";

    /// <summary>
    /// The file system path <paramref name="path"/> names, relative to the current location; throws a
    /// <see cref="CoreFileNotFoundException"/> when it is not a path on the file system provider.
    /// </summary>
    public static string Resolve(PSCmdlet cmdlet, string path)
    {
        try
        {
            string resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
            if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
            {
                throw new CoreFileNotFoundException(path);
            }

            return resolved;
        }
        catch (Exception exception) when (exception is ItemNotFoundException or DriveNotFoundException
            or ProviderNotFoundException or ProviderInvocationException or NotSupportedException or PSArgumentException)
        {
            throw new CoreFileNotFoundException(path, exception);
        }
    }

    /// <summary>Opens the core at the resolved <paramref name="path"/>.</summary>
    public static CoreFileSource Open(PSCmdlet cmdlet, string path, CancellationToken cancellationToken) =>
        CoreFileSource.Open(Resolve(cmdlet, path), cancellationToken);
}
