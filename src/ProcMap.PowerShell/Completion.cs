using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using ProcMap.Sources;

namespace ProcMap.PowerShell;

/// <summary>
/// What the argument completers share: a listing of the running processes that never throws (a completer
/// that throws breaks the user's Tab key), and the quoting rule for completion text.
/// </summary>
internal static class Completion
{
    // Completion runs on the user's keystroke: give up rather than make Tab hang on a huge machine.
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    // One live source serves every keystroke of every runspace (completion may run in several at once,
    // so it is taken under the lock); ModuleLifetime closes it when the module is removed.
    private static readonly object Gate = new();
    private static ProcessSource? _source;

    /// <summary>Every process on the live system; empty when the system cannot be read at all.</summary>
    public static List<ProcessInfo> Processes()
    {
        var processes = new List<ProcessInfo>();
        lock (Gate)
        {
            try
            {
                using var timeout = new CancellationTokenSource(Budget);
                _source ??= LiveSource.Open();
                foreach (var process in _source.ReadProcesses(ProcessSelector.All, timeout.Token))
                {
                    processes.Add(process);
                }
            }
            catch (ProcMapException)
            {
            }
            catch (OperationCanceledException)
            {
            }
        }

        return processes;
    }

    /// <summary>Closes the completion source (the module is being removed).</summary>
    public static void Close()
    {
        lock (Gate)
        {
            _source?.Dispose();
            _source = null;
        }
    }

    /// <summary>The word being completed without the quotes the user may have opened.</summary>
    public static string Unquote(string? word)
    {
        string text = word ?? "";
        if (text.Length > 0 && (text[0] == '\'' || text[0] == '"'))
        {
            text = text[1..];
        }

        if (text.Length > 0 && (text[^1] == '\'' || text[^1] == '"'))
        {
            text = text[..^1];
        }

        return text;
    }

    /// <summary>A case-insensitive prefix pattern for <paramref name="word"/> (a wildcard pattern itself).</summary>
    public static WildcardPattern Prefix(string word) => WildcardPattern.Get(word + "*", WildcardOptions.IgnoreCase);

    /// <summary>
    /// <paramref name="text"/> as a literal argument: single-quoted when it holds anything but letters,
    /// digits and . _ / : + - (or starts with -, which would read as a parameter name).
    /// </summary>
    public static string Quote(string text)
    {
        bool plain = text.Length > 0 && text[0] != '-';
        foreach (char c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '/' or ':' or '+' or '-'))
            {
                plain = false;
                break;
            }
        }

        return plain ? text : "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>Results for distinct <paramref name="values"/> that match <paramref name="word"/>, sorted.</summary>
    public static IEnumerable<CompletionResult> Distinct(IEnumerable<string?> values, string? word, Func<string, string> toText)
    {
        var pattern = Prefix(WildcardPattern.Escape(Unquote(word)));
        var matches = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string? value in values)
        {
            if (!string.IsNullOrEmpty(value) && pattern.IsMatch(value))
            {
                matches.Add(value);
            }
        }

        var results = new List<CompletionResult>(matches.Count);
        foreach (string value in matches)
        {
            results.Add(new CompletionResult(toText(value), value, CompletionResultType.ParameterValue, value));
        }

        return results;
    }
}
