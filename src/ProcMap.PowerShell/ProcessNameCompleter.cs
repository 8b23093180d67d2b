using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ProcMap.PowerShell;

/// <summary>Completes -Name with the command names of running processes, escaped for -Name's wildcards.</summary>
internal sealed class ProcessNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            var names = new List<string?>();
            foreach (var process in Completion.Processes())
            {
                names.Add(process.Name);
            }

            return Completion.Distinct(names, wordToComplete, name => Completion.Quote(WildcardPattern.Escape(name)));
        }
#pragma warning disable CA1031 // A completer must never throw: the user's Tab key would break.
        catch (Exception)
#pragma warning restore CA1031
        {
            return Array.Empty<CompletionResult>();
        }
    }
}
