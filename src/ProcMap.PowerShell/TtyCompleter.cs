using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace ProcMap.PowerShell;

/// <summary>Completes -Tty with the terminals that are some process's controlling terminal now.</summary>
internal sealed class TtyCompleter : ProcMapCompleter
{
    private const string DevPrefix = "/dev/";

    protected override IEnumerable<CompletionResult> Complete(string commandName, string parameterName, string wordToComplete)
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
}
