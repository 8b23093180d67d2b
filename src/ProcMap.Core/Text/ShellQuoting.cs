using System;
using System.Text;

namespace ProcMap.Text;

/// <summary>
/// Joins an argument vector into one line a POSIX shell splits back into the same strings: words made
/// only of characters no shell treats specially stay bare, everything else goes in single quotes, inside
/// which the shell gives no character a meaning (a quote itself is written '\'').
/// </summary>
internal static class ShellQuoting
{
    public static string Join(string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var line = new StringBuilder();
        foreach (string argument in arguments)
        {
            if (line.Length > 0)
            {
                line.Append(' ');
            }

            // A first word that looks like NAME=value would be read as an assignment, not a command.
            Quote(argument, line, quoteEquals: line.Length == 0);
        }

        return line.ToString();
    }

    public static void Quote(string argument, StringBuilder line, bool quoteEquals = false)
    {
        ArgumentNullException.ThrowIfNull(argument);
        ArgumentNullException.ThrowIfNull(line);
        if (argument.Length > 0 && IsBare(argument) && !(quoteEquals && argument.Contains('=', StringComparison.Ordinal)))
        {
            line.Append(argument);
            return;
        }

        line.Append('\'').Append(argument.Replace("'", "'\\''", StringComparison.Ordinal)).Append('\'');
    }

    private static bool IsBare(string argument)
    {
        foreach (char c in argument)
        {
            bool safe = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
                or '_' or '-' or '.' or '/' or ',' or ':' or '@' or '%' or '+' or '=';
            if (!safe)
            {
                return false;
            }
        }

        return true;
    }
}
