using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ProcMap.PowerShell;

/// <summary>
/// Base of ProcMap's argument completers: the one place that makes sure a completer never throws (an
/// exception out of a completer breaks the user's Tab key) and hands PowerShell a finished list.
/// </summary>
internal abstract class ProcMapCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            return new List<CompletionResult>(Complete(commandName ?? "", parameterName, wordToComplete ?? ""));
        }
#pragma warning disable CA1031 // A completer must never throw: the user's Tab key would break.
        catch (Exception)
#pragma warning restore CA1031
        {
            return Array.Empty<CompletionResult>();
        }
    }

    /// <summary>The completions of <paramref name="wordToComplete"/> for <paramref name="parameterName"/> of <paramref name="commandName"/>.</summary>
    protected abstract IEnumerable<CompletionResult> Complete(string commandName, string parameterName, string wordToComplete);
}
