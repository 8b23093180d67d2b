using System;

namespace ProcMap.Interop;

/// <summary>Something read with pread(2)-like calls: a /proc file, a core file.</summary>
internal interface IPositionalReader
{
    /// <summary>Reads at <paramref name="offset"/>: the byte count, 0 at the end, or -errno.</summary>
    int ReadAt(Span<byte> buffer, long offset);
}

/// <summary>The one loop that fills a buffer from an offset: pread may return fewer bytes than asked without being at the end.</summary>
internal static class PositionalRead
{
    /// <summary>
    /// Reads until <paramref name="buffer"/> is full or the end of the data: the byte count (short only at
    /// the end), or -errno when a read failed.
    /// </summary>
    public static int Fully<TReader>(TReader reader, Span<byte> buffer, long offset)
        where TReader : IPositionalReader
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = reader.ReadAt(buffer[total..], offset + total);
            if (n < 0)
            {
                return n;
            }

            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
