using System;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ProcMap.Text;

/// <summary>
/// Walks a line of kernel text in place. The kernel's formats are fixed by printf formats in
/// fs/proc/*.c, so a forward-only cursor with hex and decimal readers is all a parser needs:
/// no strings are made until a caller asks for one.
/// </summary>
internal ref struct ByteCursor
{
    private readonly ReadOnlySpan<byte> _text;
    private int _position;

    public ByteCursor(ReadOnlySpan<byte> text)
    {
        _text = text;
        _position = 0;
    }

    public readonly bool AtEnd => _position >= _text.Length;

    public readonly ReadOnlySpan<byte> Rest => _text[_position..];

    public readonly int Position => _position;

    public readonly byte Peek() => _position < _text.Length ? _text[_position] : (byte)0;

    /// <summary>Consumes <paramref name="expected"/> if it is next.</summary>
    public bool Skip(byte expected)
    {
        if (_position < _text.Length && _text[_position] == expected)
        {
            _position++;
            return true;
        }

        return false;
    }

    /// <summary>Consumes a run of spaces and tabs.</summary>
    public void SkipBlanks()
    {
        // Vectorized: the name column of a maps line is padded with up to 25 spaces.
        int blanks = _text[_position..].IndexOfAnyExcept((byte)' ', (byte)'\t');
        _position = blanks < 0 ? _text.Length : _position + blanks;
    }

    /// <summary>Consumes everything up to (not including) the next <paramref name="delimiter"/>, or the rest.</summary>
    public ReadOnlySpan<byte> TakeUntil(byte delimiter)
    {
        var rest = _text[_position..];
        int index = rest.IndexOf(delimiter);
        int length = index < 0 ? rest.Length : index;
        _position += length;
        return rest[..length];
    }

    /// <summary>Consumes the next <paramref name="count"/> bytes.</summary>
    public bool TryTake(int count, out ReadOnlySpan<byte> taken)
    {
        if (_text.Length - _position < count)
        {
            taken = default;
            return false;
        }

        taken = _text.Slice(_position, count);
        _position += count;
        return true;
    }

    /// <summary>Reads 1 to 16 hex digits (either case). False when there is none or the value overflows 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadHex(out ulong value)
    {
        var rest = _text[_position..];
        if (Ssse3.IsSupported && rest.Length >= 16)
        {
            return TryReadHex16(rest, out value);
        }

        // Locals, not the cursor's fields, in the loop: the JIT keeps them in registers.
        var digits = HexDigits;
        ulong result = 0;
        int count = 0;
        for (; count < rest.Length; count++)
        {
            byte digit = digits[rest[count]];
            if (digit == NotHex)
            {
                break;
            }

            if (count == 16)
            {
                value = 0;
                return false;
            }

            result = (result << 4) | digit;
        }

        _position += count;
        value = result;
        return count > 0;
    }

    // TryReadHex on a window of 16 bytes at once: the start and end addresses and the offset of every maps
    // line, some 32 digits a line, are most of what parsing it costs. Classifies the 16 bytes as hex digits,
    // takes the run of them at the start, and packs each pair of nibbles into a byte (pmaddubsw by 16 and
    // 1, then packuswb): the bytes, most significant first, are the value of all 16 digits, shifted down
    // to the digits the run has.
    private bool TryReadHex16(ReadOnlySpan<byte> rest, out ulong value)
    {
        var bytes = Vector128.Create(rest);
        var digits = bytes - Vector128.Create((byte)'0');
        var isDigit = Vector128.LessThan(digits, Vector128.Create((byte)10));
        var letters = (bytes | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a');
        var isLetter = Vector128.LessThan(letters, Vector128.Create((byte)6));
        var isHex = isDigit | isLetter;
        uint notHex = (~isHex).ExtractMostSignificantBits();
        int count = notHex == 0 ? 16 : BitOperations.TrailingZeroCount(notHex);
        if (count == 0 || (count == 16 && rest.Length > 16 && HexDigits[rest[16]] != NotHex))
        {
            value = 0;
            return false;
        }

        var nibbles = Vector128.ConditionalSelect(isDigit, digits, letters + Vector128.Create((byte)10)) & isHex;
        var pairs = Ssse3.MultiplyAddAdjacent(nibbles, Vector128.Create(16, 1, 16, 1, 16, 1, 16, 1, 16, 1, 16, 1, 16, 1, 16, 1));
        ulong packed = Sse2.PackUnsignedSaturate(pairs, pairs).AsUInt64().ToScalar();
        ulong all = BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(packed) : packed;
        value = count == 16 ? all : all >> (4 * (16 - count));
        _position += count;
        return true;
    }

    /// <summary>Reads an unsigned decimal number. False when there is none or it overflows 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadDecimal(out ulong value)
    {
        var rest = _text[_position..];
        ulong result = 0;
        int count = 0;
        for (; count < rest.Length; count++)
        {
            uint digit = (uint)(rest[count] - (byte)'0');
            if (digit > 9)
            {
                break;
            }

            // Nineteen digits always fit in 64 bits; only a longer number can overflow.
            if (count >= 19 && result > (ulong.MaxValue - digit) / 10)
            {
                value = 0;
                return false;
            }

            result = (result * 10) + digit;
        }

        _position += count;
        value = result;
        return count > 0;
    }

    /// <summary>Reads a decimal number with an optional leading minus sign.</summary>
    public bool TryReadSignedDecimal(out long value)
    {
        bool negative = Skip((byte)'-');
        if (!TryReadDecimal(out ulong magnitude) || magnitude > (negative ? (ulong)long.MaxValue + 1 : long.MaxValue))
        {
            value = 0;
            return false;
        }

        value = negative ? (long)(0 - magnitude) : (long)magnitude;
        return true;
    }

    private const byte NotHex = 0xff;

    // The value of each byte as a hex digit, NotHex for the others: one load a digit in the loops above,
    // which parse some 36 hex digits on every maps line.
    private static ReadOnlySpan<byte> HexDigits =>
    [
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 10, 11, 12, 13, 14, 15, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 10, 11, 12, 13, 14, 15, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    ];
}
