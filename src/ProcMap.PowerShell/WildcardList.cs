using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace ProcMap.PowerShell;

/// <summary>
/// The wildcard patterns of one parameter: a value that is no pattern at all (an unclosed '[') is one
/// InvalidNamePattern error and matches nothing; the others still match. A value matches when any
/// pattern does.
/// </summary>
internal sealed class WildcardList
{
    private readonly List<WildcardPattern> _patterns = new();

    /// <summary>Builds the patterns; each invalid one goes to <paramref name="invalid"/>.</summary>
    public WildcardList(IEnumerable<string> values, WildcardOptions options, Action<ProcMapException> invalid, Action<string, WildcardPattern>? added = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(invalid);
        foreach (string value in values)
        {
            var pattern = WildcardPattern.Get(value, options);
            if (!IsValid(pattern))
            {
                invalid(new ProcMapArgumentException(ErrorIds.InvalidNamePattern, Messages.InvalidNamePattern(value), value));
                continue;
            }

            _patterns.Add(pattern);
            added?.Invoke(value, pattern);
        }
    }

    /// <summary>True when <paramref name="value"/> matches one of the patterns.</summary>
    public bool Matches(string value)
    {
        foreach (var pattern in _patterns)
        {
            if (pattern.IsMatch(value))
            {
                return true;
            }
        }

        return false;
    }

    // WildcardPattern parses on first use, so without this the first value matched would raise a raw
    // WildcardPatternException mid-listing.
    private static bool IsValid(WildcardPattern pattern)
    {
        try
        {
            _ = pattern.IsMatch(string.Empty);
            return true;
        }
        catch (WildcardPatternException)
        {
            return false;
        }
    }
}
