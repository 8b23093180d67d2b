using System.Collections.Generic;
using System.Management.Automation;

namespace ProcMap.PowerShell;

/// <summary>Completes -Name with the command names of running processes, escaped for -Name's wildcards.</summary>
internal sealed class ProcessNameCompleter : ProcMapCompleter
{
    protected override IEnumerable<CompletionResult> Complete(string commandName, string parameterName, string wordToComplete)
    {
        var names = new List<string?>();
        foreach (var process in Completion.Processes())
        {
            names.Add(process.Name);
        }

        return Completion.Distinct(names, wordToComplete, name => Completion.Quote(WildcardPattern.Escape(name)));
    }
}
