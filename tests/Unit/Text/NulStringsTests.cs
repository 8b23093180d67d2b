using System;
using System.Text;
using ProcMap.Text;
using Xunit;

namespace ProcMap.Tests.Text;

public class NulStringsTests
{
    private static (string[] Strings, bool Truncated) Limit(string data, int maxChars, bool complete = true)
    {
        var strings = NulStrings.Limit(Encoding.UTF8.GetBytes(data), complete, maxChars);
        return (strings.ToStrings(), strings.Truncated);
    }

    // "ab\0cd\0" is 6 characters counting the NULs, as kvm_getargv's nchr counts them.
    [Theory]
    [InlineData(0, new[] { "ab", "cd" }, false)] // 0: no limit
    [InlineData(1, new[] { "" }, true)] // room for the first string's NUL only
    [InlineData(2, new[] { "a" }, true)]
    [InlineData(3, new[] { "ab" }, true)] // the exact end of the first string: the rest dropped
    [InlineData(4, new[] { "ab", "" }, true)] // one past: kvm's NUL at byte 3 leaves an empty second string
    [InlineData(5, new[] { "ab", "c" }, true)]
    [InlineData(6, new[] { "ab", "cd" }, false)] // the exact end of the vector
    [InlineData(7, new[] { "ab", "cd" }, false)]
    [InlineData(int.MaxValue, new[] { "ab", "cd" }, false)]
    public void Applies_nchr_around_every_boundary(int maxChars, string[] expected, bool truncated)
    {
        var (strings, wasTruncated) = Limit("ab\0cd\0", maxChars);

        Assert.Equal(expected, strings);
        Assert.Equal(truncated, wasTruncated);
    }

    // A last string without its NUL (a retitled process) counts as if it had one: "title" is 6 characters.
    [Theory]
    [InlineData(0, "title", false)]
    [InlineData(6, "title", false)]
    [InlineData(5, "titl", true)]
    [InlineData(1, "", true)]
    public void Counts_the_missing_NUL_of_an_unterminated_string(int maxChars, string expected, bool truncated)
    {
        var (strings, wasTruncated) = Limit("title", maxChars);

        Assert.Equal(new[] { expected }, strings);
        Assert.Equal(truncated, wasTruncated);
    }

    [Fact]
    public void Keeps_empty_strings_and_ends_at_the_final_NUL()
    {
        Assert.Equal(new[] { "", "a", "", "" }, Limit("\0a\0\0\0", 0).Strings);
        Assert.Equal(new[] { "" }, Limit("\0", 0).Strings);
        Assert.Equal(new[] { "", "" }, Limit("\0\0", 0).Strings);
    }

    [Fact]
    public void An_empty_area_has_no_strings()
    {
        var strings = NulStrings.Limit(ReadOnlySpan<byte>.Empty, complete: true, maxChars: 5);

        Assert.Equal(0, strings.Count);
        Assert.Empty(strings.ToStrings());
        Assert.False(strings.Truncated);
    }

    [Fact]
    public void A_prefix_read_is_cut_at_the_limit_and_marked_truncated()
    {
        // The reader asked for maxChars + 1 bytes and got them all: there is more behind.
        var (strings, truncated) = Limit("abcdef", 5, complete: false);

        Assert.Equal(new[] { "abcd" }, strings);
        Assert.True(truncated);
    }

    [Theory]
    [InlineData(3, "")] // "é" is 2 bytes: 1 byte of text fits, half a character, so none
    [InlineData(4, "é")]
    [InlineData(5, "é")] // "✓" is 3 bytes: 1 of them fits
    [InlineData(6, "é")] // 2 of them fit
    [InlineData(7, "é✓")]
    public void Never_cuts_a_UTF8_character_in_half(int maxChars, string expected)
    {
        var (strings, truncated) = Limit("xé✓\0", maxChars);

        Assert.Equal("x" + expected, strings[0]);
        Assert.Single(strings);
        Assert.Equal(maxChars < 7, truncated);
    }

    [Fact]
    public void Invalid_UTF8_becomes_replacement_characters_without_an_exception()
    {
        var strings = NulStrings.Limit(new byte[] { 0x61, 0xff, 0xfe, 0, 0xc3, 0 }, complete: true, maxChars: 0).ToStrings();

        Assert.Equal(new[] { "a\uFFFD\uFFFD", "\uFFFD" }, strings);
    }

    [Fact]
    public void Counts_match_the_strings_enumerated()
    {
        foreach (string data in new[] { "", "\0", "a", "a\0", "a\0b", "a\0b\0", "\0\0\0" })
        {
            for (int max = 0; max <= data.Length + 2; max++)
            {
                var strings = NulStrings.Limit(Encoding.UTF8.GetBytes(data), complete: true, max);
                int enumerated = 0;
                foreach (var _ in strings)
                {
                    enumerated++;
                }

                Assert.Equal(enumerated, strings.Count);
                int total = 0;
                foreach (string s in strings.ToStrings())
                {
                    total += Encoding.UTF8.GetByteCount(s) + 1;
                }

                Assert.True(max == 0 || total <= max, $"'{data}' with nchr {max} kept {total} characters");
            }
        }
    }
}
