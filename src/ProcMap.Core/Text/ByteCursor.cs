using System;

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
        while (_position < _text.Length && (_text[_position] == (byte)' ' || _text[_position] == (byte)'\t'))
        {
            _position++;
        }
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
    public bool TryReadHex(out ulong value)
    {
        value = 0;
        int start = _position;
        while (_position < _text.Length)
        {
            int digit = HexValue(_text[_position]);
            if (digit < 0)
            {
                break;
            }

            if (_position - start == 16)
            {
                return false;
            }

            value = (value << 4) | (uint)digit;
            _position++;
        }

        return _position > start;
    }

    /// <summary>Reads an unsigned decimal number. False when there is none or it overflows 64 bits.</summary>
    public bool TryReadDecimal(out ulong value)
    {
        value = 0;
        int start = _position;
        while (_position < _text.Length)
        {
            uint digit = (uint)(_text[_position] - (byte)'0');
            if (digit > 9)
            {
                break;
            }

            if (value > (ulong.MaxValue - digit) / 10)
            {
                return false;
            }

            value = value * 10 + digit;
            _position++;
        }

        return _position > start;
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

    public static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
