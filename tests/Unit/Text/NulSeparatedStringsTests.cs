using System;
using System.Linq;
using System.Text;
using CsCheck;
using ProcMap.Text;
using Xunit;

namespace ProcMap.Tests.Text;

public class NulSeparatedStringsTests
{
    private static byte[] B(string text) => Encoding.UTF8.GetBytes(text);

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("a\0", new[] { "a" })]
    [InlineData("a\0b\0c\0", new[] { "a", "b", "c" })]
    [InlineData("a\0\0b\0", new[] { "a", "", "b" })]
    [InlineData("a\0\0", new[] { "a", "" })]
    [InlineData("\0", new[] { "" })]
    [InlineData("a\0tail", new[] { "a", "tail" })]
    public void Splits_at_each_NUL_keeping_empty_strings(string data, string[] expected)
    {
        Assert.Equal(expected, NulSeparatedStrings.Split(B(data), 0, out bool truncated));
        Assert.False(truncated);
    }

    [Theory]
    // kvm_argv(): nchr bytes are fetched and the last is forced to NUL.
    [InlineData("ab\0cd\0", 6, new[] { "ab", "cd" }, false)]
    [InlineData("ab\0cd\0", 7, new[] { "ab", "cd" }, false)]
    [InlineData("ab\0cd\0", 5, new[] { "ab", "c" }, true)]
    [InlineData("ab\0cd\0", 4, new[] { "ab", "" }, true)]
    [InlineData("ab\0cd\0", 3, new[] { "ab" }, true)]
    [InlineData("ab\0cd\0", 2, new[] { "a" }, true)]
    [InlineData("ab\0cd\0", 1, new[] { "" }, true)]
    public void The_nchr_limit_counts_the_NULs_and_cuts_the_overflowing_string(string data, int maxChars, string[] expected, bool cut)
    {
        Assert.Equal(expected, NulSeparatedStrings.Split(B(data), maxChars, out bool truncated));
        Assert.Equal(cut, truncated);
    }

    [Fact]
    public void Invalid_UTF8_becomes_replacement_characters_not_an_exception()
    {
        Assert.Equal(new[] { "caf\u00e9", "\uFFFD" }, NulSeparatedStrings.Split(new byte[] { 0x63, 0x61, 0x66, 0xc3, 0xa9, 0, 0xff, 0 }, 0, out _));
    }

    [Fact]
    public void Whatever_the_limit_the_strings_and_their_NULs_fit_in_it_and_are_a_prefix_of_the_data()
    {
        var strings = Gen.String[Gen.Char['\0', 'z'], 0, 12].Array[0, 8];
        Gen.Select(strings, Gen.Int[0, 120]).Sample((values, maxChars) =>
        {
            byte[] data = Encoding.UTF8.GetBytes(string.Concat(values.Select(v => v + "\0")));
            string[] split = NulSeparatedStrings.Split(data, maxChars, out bool truncated);
            byte[] used = Encoding.UTF8.GetBytes(string.Concat(split.Select(v => v + "\0")));
            bool limited = maxChars > 0 && data.Length > maxChars;
            return truncated == limited
                && (limited ? used.Length == maxChars : used.AsSpan().SequenceEqual(data))
                && used.AsSpan(0, Math.Max(0, used.Length - 1)).SequenceEqual(data.AsSpan(0, Math.Max(0, used.Length - 1)));
        }, iter: 2000);
    }

    [Fact]
    public void The_environment_keeps_order_and_the_first_of_a_repeated_case_sensitive_name()
    {
        var environment = NulSeparatedStrings.ToEnvironment(new[] { "B=2", "a=1", "A=3", "B=4", "", "X", "EQ==x" });

        Assert.Equal(new[] { "B", "a", "A", "X", "EQ" }, environment.Keys.Cast<string>());
        Assert.Equal("2", environment["B"]);
        Assert.Equal("1", environment["a"]);
        Assert.Equal("3", environment["A"]);
        Assert.Null(environment["X"]);
        Assert.Equal("=x", environment["EQ"]);
    }
}
