using System;
using System.Globalization;
using System.Text;
using CsCheck;
using ProcMap.Text;
using Xunit;

namespace ProcMap.Tests.Text;

// TryReadHex has a 16-byte vector path (at least 16 bytes left) and a byte loop (fewer): both must read
// the same digits, in either case, up to the first byte that is not one, and refuse more than 16.
public class ByteCursorTests
{
    private static bool ReadHex(string text, out ulong value, out int position)
    {
        var cursor = new ByteCursor(Encoding.ASCII.GetBytes(text));
        bool read = cursor.TryReadHex(out value);
        position = cursor.Position;
        return read;
    }

    [Theory]
    [InlineData("7ffd1000-7ffd2000 rw-p", 0x7ffd1000UL, 8)]
    [InlineData("55cb2ebd8000-55cb2ebd9000 r--p 00000000 fe:00 5324856", 0x55cb2ebd8000UL, 12)]
    [InlineData("ffffffffff600000-ffffffffff601000 --xp", 0xffffffffff600000UL, 16)]
    [InlineData("FFFFFFFFFFFFFFFF", ulong.MaxValue, 16)]
    [InlineData("00000000 fe:00 0                    ", 0UL, 8)]
    [InlineData("fe:00 5324856                    /usr/bin/x", 0xfeUL, 2)]
    [InlineData("aBcDeF", 0xabcdefUL, 6)]
    [InlineData("0", 0UL, 1)]
    public void Reads_the_hex_digits_at_the_cursor(string text, ulong expected, int digits)
    {
        Assert.True(ReadHex(text, out ulong value, out int position));
        Assert.Equal(expected, value);
        Assert.Equal(digits, position);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-7ffd1000")]
    [InlineData("g0000000000000000000")]
    [InlineData("10000000000000000")]
    [InlineData("10000000000000000 and more text")]
    public void Refuses_no_digits_and_more_than_sixteen(string text)
    {
        Assert.False(ReadHex(text, out _, out _));
    }

    [Fact]
    public void Reads_any_value_with_any_padding_and_tail_as_the_kernel_prints_them()
    {
        Gen.Select(Gen.ULong, Gen.Int[0, 16], Gen.Bool, Gen.String[Gen.Char["-: rwxp/"], 0, 40]).Sample((number, width, upper, tail) =>
        {
            string digits = number.ToString(upper ? "X" : "x", CultureInfo.InvariantCulture).PadLeft(width, '0');
            Assert.True(ReadHex(digits + tail, out ulong value, out int position));
            Assert.Equal(number, value);
            Assert.Equal(digits.Length, position);
        });
    }

    [Fact]
    public void Reads_decimal_numbers_up_to_the_largest_and_refuses_overflow()
    {
        Gen.Select(Gen.ULong, Gen.String[Gen.Char[" kB"], 0, 5]).Sample((number, tail) =>
        {
            var cursor = new ByteCursor(Encoding.ASCII.GetBytes(number.ToString(CultureInfo.InvariantCulture) + tail));
            Assert.True(cursor.TryReadDecimal(out ulong value));
            Assert.Equal(number, value);
        });
        var overflow = new ByteCursor("18446744073709551616"u8);
        Assert.False(overflow.TryReadDecimal(out _));
        var longest = new ByteCursor("00000000000000000000018446744073709551615"u8);
        Assert.True(longest.TryReadDecimal(out ulong max));
        Assert.Equal(ulong.MaxValue, max);
    }
}
