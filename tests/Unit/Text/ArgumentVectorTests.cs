using System;
using System.Collections;
using System.Linq;
using ProcMap.Text;
using Xunit;

namespace ProcMap.Tests.Text;

public class ArgumentVectorTests
{
    private static (string[] Strings, bool Truncated) Split(string area, int maxChars)
    {
        var limit = new NchrLimit(maxChars);
        var strings = ArgumentVector.Split(System.Text.Encoding.UTF8.GetBytes(area), ref limit);
        return (strings.ToArray(), limit.Truncated);
    }

    [Theory]
    [InlineData(0, new[] { "ab", "cde", "" }, false)]
    [InlineData(100, new[] { "ab", "cde", "" }, false)]
    [InlineData(8, new[] { "ab", "cde", "" }, false)]
    [InlineData(7, new[] { "ab", "cde" }, true)]
    [InlineData(6, new[] { "ab", "cde" }, true)]
    [InlineData(5, new[] { "ab", "cd" }, true)]
    [InlineData(3, new[] { "ab" }, true)]
    [InlineData(2, new[] { "ab" }, true)]
    [InlineData(1, new[] { "a" }, true)]
    public void Counts_each_nul_against_max_chars(int maxChars, string[] expected, bool truncated)
    {
        // "ab\0cde\0\0" is 8 bytes: three strings, the last one empty.
        var (strings, cut) = Split("ab\0cde\0\0", maxChars);
        Assert.Equal(expected, strings);
        Assert.Equal(truncated, cut);
    }

    [Fact]
    public void Keeps_a_last_string_without_its_nul_and_drops_nothing_after_a_final_nul()
    {
        Assert.Equal(new[] { "a", "tail" }, Split("a\0tail", 0).Strings);
        Assert.Equal(new[] { "a" }, Split("a\0", 0).Strings);
        Assert.Empty(Split(string.Empty, 0).Strings);
    }

    [Theory]
    [InlineData(new[] { "ls", "-la", "/tmp" }, "ls -la /tmp")]
    [InlineData(new[] { "echo", "two words", "" }, "echo 'two words' ''")]
    [InlineData(new[] { "it's" }, "'it'\\''s'")]
    [InlineData(new[] { "a$b", "c*", "~", "x\ny" }, "'a$b' 'c*' '~' 'x\ny'")]
    [InlineData(new[] { "KEY=value", "user@host:/p,q+r%" }, "KEY=value user@host:/p,q+r%")]
    public void Quotes_only_where_a_shell_would_split_or_expand(string[] arguments, string expected)
    {
        Assert.Equal(expected, ArgumentVector.QuoteForShell(arguments));
    }

    [Fact]
    public void Builds_the_environment_in_order_case_sensitive_first_name_wins()
    {
        var environment = ArgumentVector.ToEnvironment(new[] { "B=2", "a=1", "A=x=y", "B=later", "NOEQUALS", "E=" });
        Assert.Equal(new[] { "B", "a", "A", "NOEQUALS", "E" }, environment.Keys.Cast<string>());
        Assert.Equal("2", environment["B"]);
        Assert.Equal("x=y", environment["A"]);
        Assert.Equal(string.Empty, environment["NOEQUALS"]);
        Assert.Equal(string.Empty, environment["E"]);
    }
}
