using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace ProcMap.PowerShell;

/// <summary>
/// Completes -User with the effective users and -RealUser with the real users of running processes:
/// the users a selection can find, without enumerating a user database that may be a whole LDAP directory.
/// </summary>
internal sealed class UserNameCompleter : ProcMapCompleter
{
    protected override IEnumerable<CompletionResult> Complete(string commandName, string parameterName, string wordToComplete)
    {
        bool real = string.Equals(parameterName, "RealUser", StringComparison.OrdinalIgnoreCase);
        var names = new List<string?>();
        foreach (var process in Completion.Processes())
        {
            names.Add(real ? process.RealUserName : process.UserName);
        }

        return Completion.Distinct(names, wordToComplete, Completion.Quote);
    }
}
