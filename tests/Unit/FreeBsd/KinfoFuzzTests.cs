using System;
using System.Linq;
using System.Threading;
using CsCheck;
using ProcMap.FreeBsd;
using Xunit;

namespace ProcMap.Tests.FreeBsd;

/// <summary>Random and mutated buffers: the decoders either decode or throw ProcReadException, and always finish.</summary>
public class KinfoFuzzTests
{
    private static readonly byte[] ValidVmmap = KinfoFixtures.Concat(
        KinfoFixtures.Packed(KinfoVmentryDecoderTests.Text), KinfoFixtures.Packed(KinfoVmentryDecoderTests.Heap),
        KinfoFixtures.Unpacked(KinfoVmentryDecoderTests.Stack), KinfoFixtures.Packed(KinfoVmentryDecoderTests.Gap));

    private static readonly byte[] ValidProcs = KinfoFixtures.Concat(
        KinfoFixtures.Proc(new KinfoProc { Pid = 1 }), KinfoFixtures.Proc(new KinfoProc { Pid = 2, Command = "x" }));

    // A mutation: overwrite a few bytes (often a size field), then maybe cut the buffer.
    private static Gen<byte[]> Mutated(byte[] valid) =>
        Gen.Select(Gen.Int[0, valid.Length - 1].Array[1, 4], Gen.Byte.Array[1, 4], Gen.Int[0, valid.Length])
            .Select((positions, values, cut) =>
            {
                byte[] copy = (byte[])valid.Clone();
                for (int i = 0; i < positions.Length; i++)
                {
                    copy[positions[i]] = values[i % values.Length];
                }

                return copy[..Math.Max(cut, valid.Length / 2)];
            });

    private static bool DecodesOrReports(Func<int> decode)
    {
        try
        {
            decode();
            return true;
        }
        catch (ProcReadException)
        {
            return true;
        }
    }

    [Fact]
    public void Random_bytes_never_crash_the_vmentry_decoder()
    {
        Gen.Byte.Array[0, 2000].Sample(bytes =>
            DecodesOrReports(() => KinfoVmentryDecoder.Decode(bytes, 1, "fuzz", CancellationToken.None).Count()), iter: 3000);
    }

    [Fact]
    public void Mutated_vmentry_buffers_decode_or_report()
    {
        Mutated(ValidVmmap).Sample(bytes =>
            DecodesOrReports(() => KinfoVmentryDecoder.Decode(bytes, 1, "fuzz", CancellationToken.None).Sum(r => (int)(r.Size & 1))), iter: 5000);
    }

    [Fact]
    public void Small_structsizes_anywhere_are_reported_not_looped_over()
    {
        Gen.Select(Gen.Int[-1000, 135], Gen.Int[0, 3]).Sample((size, record) =>
        {
            byte[] copy = (byte[])ValidVmmap.Clone();
            int offset = new[] { 0, 152, 296, 1456 }[record];
            BitConverter.TryWriteBytes(copy.AsSpan(offset, 4), size);
            try
            {
                KinfoVmentryDecoder.Decode(copy, 1, "fuzz", CancellationToken.None);
                return false;
            }
            catch (ProcReadException error)
            {
                return error.Message.Contains($"record {record} at byte {offset} gives kve_structsize {size}", StringComparison.Ordinal);
            }
        }, iter: 2000);
    }

    [Fact]
    public void Random_and_mutated_bytes_never_crash_the_kinfo_proc_decoder()
    {
        Gen.Byte.Array[0, 3000].Sample(bytes =>
            DecodesOrReports(() => KinfoProcDecoder.Decode(bytes, true, 4096, "fuzz", CancellationToken.None).Count()), iter: 1000);
        Mutated(ValidProcs).Sample(bytes =>
            DecodesOrReports(() => KinfoProcDecoder.Decode(bytes, false, 4096, "fuzz", CancellationToken.None).Count(p => p.StartTime is null)), iter: 3000);
    }

    [Fact]
    public void Valid_record_sequences_round_trip()
    {
        var entry = Gen.Select(Gen.Int[0, 9], Gen.ULong, Gen.UInt, Gen.Int[0, 0x7f], Gen.String[Gen.Char['a', 'z'], 0, 40], Gen.Bool)
            .Select((type, start, length, flags, path, packed) =>
            {
                var e = new VmEntry { Type = type, Start = start / 2, End = start / 2 + length, Flags = flags, Path = path == "" ? "" : "/" + path, Resident = (int)(length >> 12) };
                return (e, packed ? KinfoFixtures.Packed(e) : KinfoFixtures.Unpacked(e));
            });
        entry.Array[0, 20].Sample(entries =>
        {
            var regions = KinfoVmentryDecoder.Decode(KinfoFixtures.Concat(entries.Select(x => x.Item2).ToArray()), 9, "fuzz", CancellationToken.None).ToArray();
            return regions.Length == entries.Length && regions.Zip(entries, (r, x) =>
                r.Start == x.e.Start && r.End == x.e.End && (int)r.EntryFlags!.Value == x.e.Flags
                && (int)r.ObjectType!.Value == x.e.Type && r.Path == (x.e.Path.Length == 0 ? null : x.e.Path)
                && r.ResidentPages == x.e.Resident).All(ok => ok);
        }, iter: 500);
    }
}
