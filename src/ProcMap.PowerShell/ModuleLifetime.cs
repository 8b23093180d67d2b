using System.Management.Automation;

namespace ProcMap.PowerShell;

/// <summary>Runs when PowerShell removes the module: closes what lives as long as the module (the completion source).</summary>
public sealed class ModuleLifetime : IModuleAssemblyCleanup
{
    /// <inheritdoc/>
    public void OnRemove(PSModuleInfo psModuleInfo) => Completion.Close();
}
