using System;
using System.Management.Automation;
using System.Threading;
using ProcMap.Sources;

namespace ProcMap.PowerShell;

/// <summary>
/// How -CorePath turns what a user typed into an open core: the path binds from FullName by property
/// name, so <c>Get-ChildItem core.* | Cmdlet</c> works, and is taken literally (no wildcards: core names
/// often hold brackets), relative to the current location. <see cref="ProcessOrCoreCommand"/> declares the
/// parameter for every cmdlet that reads cores.
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

    /// <summary>Opens the core at the resolved <paramref name="path"/>, in whatever format it is.</summary>
    public static CoreSource Open(PSCmdlet cmdlet, string path, CancellationToken cancellationToken) =>
        CoreSource.Open(Resolve(cmdlet, path), cancellationToken);
}
