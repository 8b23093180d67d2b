using System;
using System.Globalization;
using System.Numerics;

namespace ProcMap.Text;

/// <summary>
/// The one parser of user-given virtual addresses: <c>0x</c>-prefixed hex strings (up to
/// 0xffffffffffffffff) or decimal strings, and numbers. PowerShell's hex literals are signed
/// (<c>0xffffffffff600000</c> is the Int64 -10485760, <c>0xffffffff</c> the Int32 -1), so a negative
/// integer is read as the unsigned number with the same bits at its own width: what the user typed. A
/// negative number typed as an argument (<c>-StartAddress -1</c>) reaches a cmdlet as the string "-1", so
/// a negative string is read the same way, at the width PowerShell would give that number: Int32 when it
/// fits, else Int64.
/// </summary>
public static class AddressParser
{
    /// <summary>
    /// Parses <c>0x</c>/<c>0X</c> hex (1 to 16 digits) or decimal, optionally negative, surrounding
    /// blanks allowed.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ulong address)
    {
        text = text.Trim();
        if (text.Length > 1 && text[0] == '-')
        {
            address = 0;
            if (!TryParseUnsigned(text[1..], out ulong magnitude) || magnitude > 1UL << 63)
            {
                return false;
            }

            address = magnitude <= 1UL << 31
                ? unchecked((uint)(0 - (uint)magnitude))
                : unchecked(0 - magnitude);
            return true;
        }

        return TryParseUnsigned(text, out address);
    }

    private static bool TryParseUnsigned(ReadOnlySpan<char> text, out ulong address)
    {
        if (text.Length > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
        {
            var digits = text[2..];
            address = 0;
            return digits.Length <= 16 && IsAll(digits, hex: true)
                && ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out address);
        }

        address = 0;
        return text.Length > 0 && IsAll(text, hex: false)
            && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out address);
    }

    /// <summary>
    /// Converts what a user passed (a string or any integer type; an integral floating value) to an
    /// address. False with a message when it is not one.
    /// </summary>
    public static bool TryConvert(object? value, out ulong address, out string? error)
    {
        error = null;
        switch (value)
        {
            case ulong u64: address = u64; return true;
            case long i64: address = unchecked((ulong)i64); return true;
            case uint u32: address = u32; return true;
            case int i32: address = unchecked((uint)i32); return true;
            case ushort u16: address = u16; return true;
            case short i16: address = unchecked((ushort)i16); return true;
            case byte u8: address = u8; return true;
            case sbyte i8: address = unchecked((byte)i8); return true;
            case BigInteger big when big >= BigInteger.Zero && big <= ulong.MaxValue: address = (ulong)big; return true;
            case double d when d >= 0 && d <= ulong.MaxValue && Math.Floor(d) == d: address = (ulong)d; return true;
            case float f when f >= 0 && f <= ulong.MaxValue && MathF.Floor(f) == f: address = (ulong)f; return true;
            case decimal m when m >= 0 && m <= ulong.MaxValue && decimal.Floor(m) == m: address = (ulong)m; return true;
            case string s when TryParse(s, out address): return true;
        }

        address = 0;
        error = Messages.NotAnAddress(value);
        return false;
    }

    private static bool IsAll(ReadOnlySpan<char> text, bool hex)
    {
        foreach (char c in text)
        {
            bool ok = hex ? char.IsAsciiHexDigit(c) : char.IsAsciiDigit(c);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
