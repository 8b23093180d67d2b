using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ProcMap.PowerShell;

/// <summary>
/// Completes -User with the effective users and -RealUser with the real users of running processes:
/// the users a selection can find, without enumerating a user database that may be a whole LDAP directory.
/// </summary>
internal sealed class UserNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            bool real = string.Equals(parameterName, "RealUser", StringComparison.OrdinalIgnoreCase);
            var names = new List<string?>();
            foreach (var process in Completion.Processes())
            {
                names.Add(real ? process.RealUserName : process.UserName);
            }

            return Completion.Distinct(names, wordToComplete, Completion.Quote);
        }
#pragma warning disable CA1031 // A completer must never throw: the user's Tab key would break.
        catch (Exception)
#pragma warning restore CA1031
        {
            return Array.Empty<CompletionResult>();
        }
    }
}
