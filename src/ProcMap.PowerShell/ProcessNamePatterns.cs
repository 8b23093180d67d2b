using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace ProcMap.PowerShell;

/// <summary>
/// The -Name values of one call, as Get-Process treats them: case-insensitive wildcard patterns over the
/// command name (comm); a name without wildcards that matches no process is an error at the end of the
/// call, a pattern that matches nothing is not. A value that is no pattern at all (an unclosed '[') is
/// one InvalidNamePattern error and selects nothing; the others still select.
/// </summary>
internal sealed class ProcessNamePatterns
{
    private readonly WildcardList _patterns;
    private readonly List<(string Name, WildcardPattern Pattern)> _unmatchedLiterals = new();

    /// <summary>Builds the patterns; each invalid one goes to <paramref name="invalid"/>.</summary>
    public ProcessNamePatterns(IEnumerable<string> names, Action<ProcMapException> invalid)
    {
        _patterns = new WildcardList(names, WildcardOptions.IgnoreCase, invalid, (name, pattern) =>
        {
            if (!WildcardPattern.ContainsWildcardCharacters(name)
                && !_unmatchedLiterals.Exists(literal => string.Equals(literal.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                _unmatchedLiterals.Add((name, pattern));
            }
        });
    }

    /// <summary>True when <paramref name="name"/> matches one of the patterns.</summary>
    public bool Matches(string name) => _patterns.Matches(name);

    /// <summary>Records that a process called <paramref name="name"/> was selected, for the literals' errors.</summary>
    public void Saw(string name)
    {
        if (_unmatchedLiterals.Count > 0)
        {
            _unmatchedLiterals.RemoveAll(literal => literal.Pattern.IsMatch(name));
        }
    }

    /// <summary>One ProcessNameNotFound per literal name no selected process had.</summary>
    public IEnumerable<ProcMapException> Unmatched()
    {
        foreach (var (name, _) in _unmatchedLiterals)
        {
            yield return new ProcessNameNotFoundException(name);
        }
    }
}
