using System;
using System.Buffers.Binary;

namespace ProcMap.FreeBsd;

/// <summary>
/// Walks a sysctl buffer of kinfo records that each start with an int giving their own size
/// (kve_structsize, ki_structsize). The kernel writes them back to back; a size that is zero, negative,
/// below the struct's fixed part or past the end of the buffer means the buffer is not what the layout
/// says, and is reported as such instead of being looped over or read out of bounds.
/// </summary>
internal static class KinfoRecords
{
    /// <summary>Returns true and the next record's offset and size, false at the end; throws on an inconsistent size.</summary>
    public static bool TryNext(
        ReadOnlySpan<byte> buffer, ref int offset, ref int index, int minimumSize, in RecordShape shape, string source, out int size)
    {
        size = 0;
        if (offset >= buffer.Length)
        {
            return false;
        }

        int remaining = buffer.Length - offset;
        if (remaining < sizeof(int))
        {
            throw new ProcReadException(source, Messages.RecordHeaderCut(index, offset, remaining));
        }

        size = BinaryPrimitives.ReadInt32LittleEndian(buffer[offset..]);
        if (size < minimumSize)
        {
            throw new ProcReadException(source, Messages.RecordSizeTooSmall(index, offset, shape.SizeField, size, minimumSize, shape.StructName));
        }

        if (size > remaining)
        {
            throw new ProcReadException(source, Messages.RecordPastEnd(index, offset, shape.SizeField, size, remaining));
        }

        return true;
    }

    /// <summary>Advances past the record <see cref="TryNext"/> returned. The size is at least the fixed part, so the walk always ends.</summary>
    public static void Advance(ref int offset, ref int index, int size)
    {
        offset += size;
        index++;
    }
}

/// <summary>The names a record's error message uses.</summary>
internal readonly record struct RecordShape(string StructName, string SizeField)
{
    public static readonly RecordShape VmEntry = new("kinfo_vmentry", "kve_structsize");

    public static readonly RecordShape Proc = new("kinfo_proc", "ki_structsize");
}
