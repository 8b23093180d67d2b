using System.Globalization;
using System.Numerics;
using CsCheck;
using ProcMap.Text;
using Xunit;

namespace ProcMap.Tests.Text;

public class AddressParserTests
{
    [Theory]
    [InlineData("0x7ffd1000", 0x7ffd1000UL)]
    [InlineData("0X7FFD1000", 0x7ffd1000UL)]
    [InlineData("  0x10  ", 0x10UL)]
    [InlineData("0xffffffffffffffff", ulong.MaxValue)]
    [InlineData("0xffffffffff600000", 0xffffffffff600000UL)]
    [InlineData("4096", 4096UL)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    [InlineData("0", 0UL)]
    [InlineData("-1", 0xffffffffUL)]
    [InlineData("-0x10", 0xfffffff0UL)]
    [InlineData("-2147483648", 0x80000000UL)]
    [InlineData("-2147483649", 0xffffffff7fffffffUL)]
    [InlineData("-10485760", 0xff600000UL)]
    [InlineData("-9223372036854775808", 0x8000000000000000UL)]
    [InlineData("-0", 0UL)]
    public void Parses_hex_and_decimal_strings(string text, ulong expected)
    {
        Assert.True(AddressParser.TryParse(text, out ulong address));
        Assert.Equal(expected, address);
    }

    [Theory]
    [InlineData("-1", -1)]
    [InlineData("-16", -16)]
    [InlineData("-2147483648", int.MinValue)]
    public void A_negative_string_means_what_the_same_number_typed_in_parentheses_means(string text, int number)
    {
        // `-StartAddress -1` reaches the cmdlet as the string "-1", `-StartAddress (-1)` as the Int32 -1.
        Assert.True(AddressParser.TryConvert(text, out ulong fromString, out _));
        Assert.True(AddressParser.TryConvert(number, out ulong fromNumber, out _));
        Assert.Equal(fromNumber, fromString);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("0x10000000000000000")]
    [InlineData("18446744073709551616")]
    [InlineData("-")]
    [InlineData("--1")]
    [InlineData("-0x")]
    [InlineData("-9223372036854775809")]
    [InlineData("0x-1")]
    [InlineData("+5")]
    [InlineData("12ab")]
    [InlineData("0xg")]
    [InlineData("1e5")]
    [InlineData("0x 10")]
    public void Rejects_what_is_no_address(string text)
    {
        Assert.False(AddressParser.TryParse(text, out _));
        Assert.False(AddressParser.TryConvert(text, out _, out string? error));
        Assert.Contains("is not an address", error);
    }

    [Fact]
    public void Reads_negative_integers_as_their_unsigned_bits_at_their_own_width()
    {
        // PowerShell: 0xffffffffff600000 is Int64 -10485760; 0xffffffff is Int32 -1; 0xffff is Int32 65535.
        Assert.True(AddressParser.TryConvert(-10485760L, out ulong vsyscall, out _));
        Assert.Equal(0xffffffffff600000UL, vsyscall);
        Assert.True(AddressParser.TryConvert(-1, out ulong int32, out _));
        Assert.Equal(0xffffffffUL, int32);
        Assert.True(AddressParser.TryConvert((short)-1, out ulong int16, out _));
        Assert.Equal(0xffffUL, int16);
        Assert.True(AddressParser.TryConvert(-1L, out ulong all, out _));
        Assert.Equal(ulong.MaxValue, all);
    }

    [Fact]
    public void Takes_integral_floating_values_and_big_integers_but_not_fractions()
    {
        Assert.True(AddressParser.TryConvert(4096.0, out ulong d, out _));
        Assert.Equal(4096UL, d);
        Assert.True(AddressParser.TryConvert(4096m, out ulong m, out _));
        Assert.Equal(4096UL, m);
        Assert.True(AddressParser.TryConvert(new BigInteger(ulong.MaxValue), out ulong big, out _));
        Assert.Equal(ulong.MaxValue, big);
        Assert.False(AddressParser.TryConvert(4096.5, out _, out _));
        Assert.False(AddressParser.TryConvert(-1.0, out _, out _));
        Assert.False(AddressParser.TryConvert(new BigInteger(ulong.MaxValue) + 1, out _, out _));
        Assert.False(AddressParser.TryConvert(null, out _, out string? error));
        Assert.Contains("(null)", error);
        Assert.False(AddressParser.TryConvert(new object(), out _, out _));
    }

    [Fact]
    public void Every_address_round_trips_through_hex_and_decimal_text()
    {
        Gen.ULong.Sample(value =>
        {
            Assert.True(AddressParser.TryParse("0x" + value.ToString("x", CultureInfo.InvariantCulture), out ulong fromHex));
            Assert.True(AddressParser.TryParse(value.ToString(CultureInfo.InvariantCulture), out ulong fromDecimal));
            Assert.True(AddressParser.TryConvert(unchecked((long)value), out ulong fromSigned, out _));
            Assert.Equal(value, fromHex);
            Assert.Equal(value, fromDecimal);
            Assert.Equal(value, fromSigned);
        });
    }
}
