using System;
using System.Buffers;
using System.Text;

namespace ProcMap.Text;

/// <summary>
/// Joins an argument vector into one line that a POSIX shell (sh, dash, bash, zsh in sh mode) splits back
/// into exactly the same words, for CommandLine. Words of safe characters stay bare; any other word goes in
/// single quotes, inside which every byte but ' is literal (POSIX.1-2017 XCU 2.2.2), so spaces, newlines,
/// $, `, \, globs and non-ASCII text survive; ' itself becomes '\'' (close, escaped quote, reopen).
/// </summary>
internal static class ShellQuoting
{
    // The characters Python's shlex.quote leaves bare: none of them is special to sh anywhere in a word.
    // Non-ASCII is quoted because whether a shell treats it as a word character depends on the locale.
    private static readonly SearchValues<char> Safe =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-");

    // Words that are only special in command position (XCU 2.4, reserved words; bash adds its own).
    private static readonly string[] ReservedWords =
    {
        "case", "do", "done", "elif", "else", "esac", "fi", "for", "if", "in", "then", "until", "while",
        "function", "select", "time", "coproc",
    };

    /// <summary>The command line for <paramref name="arguments"/>; empty for an empty vector.</summary>
    public static string Join(string[] arguments)
    {
        if (arguments.Length == 0)
        {
            return string.Empty;
        }

        if (arguments.Length == 1 && IsBare(arguments[0], commandPosition: true))
        {
            return arguments[0];
        }

        var line = new StringBuilder();
        for (int i = 0; i < arguments.Length; i++)
        {
            if (i > 0)
            {
                line.Append(' ');
            }

            Append(line, arguments[i], commandPosition: i == 0);
        }

        return line.ToString();
    }

    private static void Append(StringBuilder line, string word, bool commandPosition)
    {
        if (IsBare(word, commandPosition))
        {
            line.Append(word);
            return;
        }

        line.Append('\'');
        int start = 0;
        int quote;
        while ((quote = word.IndexOf('\'', start)) >= 0)
        {
            line.Append(word, start, quote - start).Append("'\\''");
            start = quote + 1;
        }

        line.Append(word, start, word.Length - start).Append('\'');
    }

    private static bool IsBare(string word, bool commandPosition)
    {
        if (word.Length == 0 || word.AsSpan().IndexOfAnyExcept(Safe) >= 0)
        {
            return false;
        }

        // A first word NAME=value would be an assignment and a reserved word a keyword if the line were
        // run as a command; quoted, both are plain words again.
        return !commandPosition || (!IsAssignment(word) && Array.IndexOf(ReservedWords, word) < 0);
    }

    private static bool IsAssignment(string word)
    {
        int equals = word.IndexOf('=');
        if (equals <= 0 || char.IsAsciiDigit(word[0]))
        {
            return false;
        }

        for (int i = 0; i < equals; i++)
        {
            if (!char.IsAsciiLetterOrDigit(word[i]) && word[i] != '_')
            {
                return false;
            }
        }

        return true;
    }
}
