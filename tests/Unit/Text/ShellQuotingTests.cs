using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using CsCheck;
using ProcMap.Text;
using Xunit;

namespace ProcMap.Tests.Text;

public class ShellQuotingTests
{
    [Theory]
    [InlineData(new[] { "/bin/sleep", "60" }, "/bin/sleep 60")]
    [InlineData(new[] { "echo", "" }, "echo ''")]
    [InlineData(new[] { "echo", "a b", "it's" }, "echo 'a b' 'it'\\''s'")]
    [InlineData(new[] { "FOO=bar", "x=y" }, "'FOO=bar' x=y")]
    [InlineData(new[] { "ls", "~", "*", "$HOME" }, "ls '~' '*' '$HOME'")]
    [InlineData(new string[0], "")]
    public void Quotes_only_what_a_shell_would_change(string[] arguments, string expected)
    {
        Assert.Equal(expected, ShellQuoting.Join(arguments));
    }

    [Fact]
    public void A_POSIX_shell_splits_the_line_back_into_the_same_arguments()
    {
        // Any character but NUL, which no argument can hold; the real /bin/sh is the oracle.
        var argument = Gen.String[Gen.Char.Where(c => c != '\0' && !char.IsSurrogate(c)), 0, 10];
        Gen.Select(Gen.String[Gen.Char['a', 'z'], 1, 5], argument.Array[0, 4]).Sample((command, rest) =>
        {
            string[] arguments = new[] { command }.Concat(rest).ToArray();
            return RunSh(ShellQuoting.Join(arguments)).SequenceEqual(arguments);
        }, iter: 60, threads: 1);
    }

    private static string[] RunSh(string line)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("f() { for a in \"$@\"; do printf '%s\\0' \"$a\"; done; }; f " + line);
        using var sh = Process.Start(start)!;
        string output = sh.StandardOutput.ReadToEnd();
        sh.WaitForExit();
        string[] parts = output.Split('\0');
        return parts.Take(parts.Length - 1).ToArray();
    }
}
