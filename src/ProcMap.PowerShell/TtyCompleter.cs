using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ProcMap.PowerShell;

/// <summary>Completes -Tty with the terminals that are some process's controlling terminal now.</summary>
internal sealed class TtyCompleter : IArgumentCompleter
{
    private const string DevPrefix = "/dev/";

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            // "/dev/pt<Tab>" completes to "/dev/pts/3": keep the prefix the user typed.
            string word = Completion.Unquote(wordToComplete);
            bool withDev = word.StartsWith(DevPrefix, StringComparison.Ordinal);
            var names = new List<string?>();
            foreach (var process in Completion.Processes())
            {
                names.Add(process.TtyName);
            }

            return Completion.Distinct(names, withDev ? word[DevPrefix.Length..] : word, name => Completion.Quote(withDev ? DevPrefix + name : name));
        }
#pragma warning disable CA1031 // A completer must never throw: the user's Tab key would break.
        catch (Exception)
#pragma warning restore CA1031
        {
            return Array.Empty<CompletionResult>();
        }
    }
}
