using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace ProcMap.PowerShell;

/// <summary>
/// Completes -Id with the ids of running processes, each shown with its command name (the tooltip too).
/// Digits complete ids that start with them; anything else picks processes by name ("ssh" + Tab gives
/// the ids of the ssh processes). Every cmdlet but Get-KvmProcess reads an address space, so for them
/// only processes that have one are offered: kernel threads and zombies have no mappings, pages or
/// environment (their virtual size is 0).
/// </summary>
internal sealed class ProcessIdCompleter : ProcMapCompleter
{
    protected override IEnumerable<CompletionResult> Complete(string commandName, string parameterName, string wordToComplete)
    {
        string word = Completion.Unquote(wordToComplete);
        bool byId = word.Length == 0 || IsDigits(word);
        bool anyProcess = commandName.EndsWith("Get-KvmProcess", StringComparison.OrdinalIgnoreCase);
        var byName = Completion.Prefix(WildcardPattern.Escape(word));
        var results = new List<CompletionResult>();
        foreach (var process in Completion.Processes())
        {
            if (!anyProcess && process.VirtualSize is not > 0)
            {
                continue;
            }

            string id = process.ProcessId.ToString(CultureInfo.InvariantCulture);
            if (byId ? id.StartsWith(word, StringComparison.Ordinal) : byName.IsMatch(process.Name))
            {
                string name = process.Name.Length > 0 ? process.Name : id;
                results.Add(new CompletionResult(id, id + " " + name, CompletionResultType.ParameterValue, name));
            }
        }

        return results;
    }

    private static bool IsDigits(string text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
