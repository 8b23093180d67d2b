using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Text;

namespace ProcMap.Text;

/// <summary>
/// kvm_getargv(3)'s nchr rule over a sequence of strings: at most N bytes counting each string's
/// terminating NUL; the string that overflows is cut, the rest dropped, and Truncated is set. 0 means no
/// limit. Shared by every source that returns argument vectors (live /proc cmdline and environ, a core's
/// stack), applied to argv and the environment separately.
/// </summary>
internal struct NchrLimit
{
    private readonly bool _unlimited;
    private long _left;

    public NchrLimit(int maxChars)
    {
        _unlimited = maxChars <= 0;
        _left = maxChars;
        Truncated = false;
    }

    /// <summary>True once a string was cut or dropped.</summary>
    public bool Truncated { get; private set; }

    /// <summary>
    /// Takes as much of <paramref name="value"/> as the limit allows; false when nothing is left, and the
    /// string (and every later one) is dropped.
    /// </summary>
    public bool TryTake(ReadOnlySpan<byte> value, out ReadOnlySpan<byte> taken)
    {
        if (_unlimited)
        {
            taken = value;
            return true;
        }

        if (_left <= 0)
        {
            taken = default;
            Truncated = true;
            return false;
        }

        if (value.Length + 1L > _left)
        {
            // The string or its NUL does not fit: keep what does, as kvm cuts its buffer.
            taken = value[..(int)Math.Min(value.Length, _left)];
            _left = 0;
            Truncated = true;
            return true;
        }

        taken = value;
        _left -= value.Length + 1L;
        return true;
    }
}

/// <summary>Argument and environment vectors: from NUL-separated bytes, to a shell line, to a dictionary.</summary>
internal static class ArgumentVector
{
    /// <summary>
    /// Splits an area of NUL-terminated strings as /proc/PID/cmdline and environ give it (and as the
    /// initial stack holds it) into strings under the <paramref name="limit"/>. A last string without its
    /// NUL (the area was cut) still counts; the empty piece after a final NUL does not.
    /// </summary>
    public static List<string> Split(ReadOnlySpan<byte> area, ref NchrLimit limit)
    {
        var strings = new List<string>();
        while (!area.IsEmpty)
        {
            int nul = area.IndexOf((byte)0);
            var value = nul < 0 ? area : area[..nul];
            if (!limit.TryTake(value, out var taken))
            {
                break;
            }

            strings.Add(KernelText.Decode(taken));
            if (taken.Length < value.Length || nul < 0)
            {
                if (taken.Length < value.Length)
                {
                    break;
                }

                area = default;
            }
            else
            {
                area = area[(nul + 1)..];
            }
        }

        return strings;
    }

    /// <summary>
    /// One line a POSIX shell splits back into exactly <paramref name="arguments"/>: an argument made only
    /// of characters no shell treats specially stays bare; any other is single-quoted, with each ' written
    /// as '\'' (the only character single quotes cannot hold). An empty argument is ''.
    /// </summary>
    public static string QuoteForShell(IReadOnlyList<string> arguments)
    {
        var line = new StringBuilder();
        for (int i = 0; i < arguments.Count; i++)
        {
            if (i > 0)
            {
                line.Append(' ');
            }

            string argument = arguments[i];
            if (argument.Length > 0 && IsBare(argument))
            {
                line.Append(argument);
                continue;
            }

            line.Append('\'');
            foreach (char c in argument)
            {
                if (c == '\'')
                {
                    line.Append("'\\''");
                }
                else
                {
                    line.Append(c);
                }
            }

            line.Append('\'');
        }

        return line.ToString();
    }

    /// <summary>
    /// The environment as an ordered, case-sensitive dictionary. The first of a repeated name wins, as
    /// getenv(3) finds it; an entry without '=' is kept as a name with an empty value rather than lost.
    /// </summary>
    public static OrderedDictionary ToEnvironment(IReadOnlyList<string> entries)
    {
        var environment = new OrderedDictionary(entries.Count, StringComparer.Ordinal);
        foreach (string entry in entries)
        {
            int equals = entry.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? entry : entry[..equals];
            if (!environment.Contains(name))
            {
                environment.Add(name, equals < 0 ? string.Empty : entry[(equals + 1)..]);
            }
        }

        return environment;
    }

    private static bool IsBare(string argument)
    {
        foreach (char c in argument)
        {
            bool safe = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
                or '_' or '-' or '.' or '/' or ':' or ',' or '+' or '@' or '%' or '=';
            if (!safe)
            {
                return false;
            }
        }

        return true;
    }
}
