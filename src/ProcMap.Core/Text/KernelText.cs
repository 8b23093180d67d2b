using System;
using System.Text;

namespace ProcMap.Text;

/// <summary>Turns kernel-printed bytes into .NET strings.</summary>
internal static class KernelText
{
    // UTF-8 that replaces invalid sequences with U+FFFD instead of throwing: file names are arbitrary bytes.
    private static readonly UTF8Encoding Lenient = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static string Decode(ReadOnlySpan<byte> bytes) => Lenient.GetString(bytes);

    /// <summary>
    /// The C string in a fixed char[] field or a NUL-terminated buffer: the bytes up to the first NUL, all
    /// of them when the writer filled the field to the brim without one (comm, pr_fname, ki_comm, kve_path).
    /// </summary>
    public static ReadOnlySpan<byte> UpToNul(ReadOnlySpan<byte> field)
    {
        int nul = field.IndexOf((byte)0);
        return nul >= 0 ? field[..nul] : field;
    }

    /// <summary>The C string of <paramref name="field"/> (see <see cref="UpToNul"/>), decoded.</summary>
    public static string DecodeCString(ReadOnlySpan<byte> field) => Decode(UpToNul(field));

    /// <summary>
    /// Decodes a path as seq_file_path(m, file, "\n") printed it: the kernel escapes only newline,
    /// as the octal "\012" (fs/seq_file.c mangle_path); every other byte is raw.
    /// </summary>
    public static string DecodeEscapedPath(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> escapedNewline = "\\012"u8;
        int index = bytes.IndexOf(escapedNewline);
        if (index < 0)
        {
            return Decode(bytes);
        }

        var builder = new byte[bytes.Length];
        int length = 0;
        while (index >= 0)
        {
            bytes[..index].CopyTo(builder.AsSpan(length));
            length += index;
            builder[length++] = (byte)'\n';
            bytes = bytes[(index + escapedNewline.Length)..];
            index = bytes.IndexOf(escapedNewline);
        }

        bytes.CopyTo(builder.AsSpan(length));
        length += bytes.Length;
        return Decode(builder.AsSpan(0, length));
    }

    /// <summary>
    /// The path without the " (deleted)" that d_path(9) (fs/d_path.c) appends for an unlinked file, as maps,
    /// /proc/PID/exe and the fd links show it; <paramref name="deleted"/> says whether it was there.
    /// </summary>
    public static ReadOnlySpan<byte> WithoutDeletedSuffix(ReadOnlySpan<byte> path, out bool deleted)
    {
        ReadOnlySpan<byte> suffix = " (deleted)"u8;
        deleted = path.EndsWith(suffix);
        return deleted ? path[..^suffix.Length] : path;
    }
}
