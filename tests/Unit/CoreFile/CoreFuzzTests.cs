using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using CsCheck;
using ProcMap.CoreFile;
using ProcMap.Elf;
using ProcMap.FreeBsd;
using ProcMap.Sources;
using Xunit;

namespace ProcMap.Tests.CoreFile;

/// <summary>
/// Property: whatever is done to a real core (cut short, bits flipped, header, program header and note
/// fields rewritten, stack words rewritten), reading it ends in regions, processes and arguments or in
/// one CoreFileInvalidException, never in any other exception, a hang or a huge allocation. The default
/// run tries 2,000 cases in a few seconds; the Fuzz run tries 100,000:
/// <c>PROCMAP_FUZZ_ITERATIONS=100000 dotnet test tests/Unit --filter Category=Fuzz</c>.
/// </summary>
[Collection(CoreSubjectGroup.Name)]
public class CoreFuzzTests
{
    private const int DefaultIterations = 2000;

    private static readonly ulong[] Extremes =
    {
        0, 1, 2, 3, 4, 0x7f, 0x80, 0xff, 0xfff, 0x1000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff,
        0x100000000, 0x7fffffffffffffff, 0x8000000000000000, 0xfffffffffffffff0, 0xffffffffffffffff,
    };

    private readonly Seed[] _seeds;

    public CoreFuzzTests(CoreSubject subject)
    {
        _seeds = new[]
        {
            Seed.From(File.ReadAllBytes(subject.GcorePath)),
            Seed.From(SyntheticCore.Typical(true, ElfHeader.EM_AARCH64).Build()),
            Seed.From(SyntheticCore.Typical(false, ElfHeader.EM_386).Build()),
            Seed.From(SyntheticCoreTests.Core("PowerPC64", bigEndian: true).Build()),
            Seed.From(SyntheticCoreTests.Core("MIPS n32", bigEndian: true).Build()),
            Seed.From(SyntheticCoreTests.Core("m68k", bigEndian: true).Build()),
            Seed.From(SyntheticCoreTests.Core("x32", bigEndian: false).Build()),
            Seed.From(SyntheticCoreTests.Core("s390", bigEndian: true).Build()),
            Seed.From(FreeBsd.FreeBsdCoreTests.Build(FreeBsd.FreeBsdAbi.Amd64).Build()),
            Seed.From(FreeBsd.FreeBsdCoreTests.Build(FreeBsd.FreeBsdAbi.I386).Build()),
            Seed.From(FreeBsd.FreeBsdCoreTests.Build(FreeBsd.FreeBsdAbi.Armv7).Build()),
        };
    }

    [Fact]
    [Trait("Category", "Fuzz")]
    public void Every_mutated_core_reads_or_is_refused_as_invalid()
    {
        string? configured = Environment.GetEnvironmentVariable("PROCMAP_FUZZ_ITERATIONS");
        long iterations = configured is null ? DefaultIterations : long.Parse(configured, CultureInfo.InvariantCulture);
        long read = 0;
        long refused = 0;

        var cases =
            from seed in Gen.Int[0, _seeds.Length - 1]
            from kind in Gen.Int[0, 5]
            from a in Gen.ULong
            from b in Gen.ULong
            from c in Gen.ULong
            from maxChars in Gen.Int[0, 80]
            select new Case(seed, kind, a, b, c, maxChars);

        cases.Sample(
            test =>
            {
                var bytes = test.Apply(_seeds[test.Seed]);
                if (Exercise(bytes, test.MaxChars))
                {
                    Interlocked.Increment(ref read);
                }
                else
                {
                    Interlocked.Increment(ref refused);
                }
            },
            iter: iterations,
            print: test => test.ToString());

        // Both outcomes are common, so the mutations reach past the header checks and into the readers.
        Assert.True(read > iterations / 20, $"{read} of {iterations} mutated cores read");
        Assert.True(refused > iterations / 20, $"{refused} of {iterations} mutated cores refused");
    }

    [Fact]
    public void Truncated_core_files_on_disk_read_or_are_refused_as_invalid()
    {
        byte[] whole = _seeds[0].Bytes;
        string directory = Directory.CreateTempSubdirectory("procmap-cut-").FullName;
        try
        {
            var lengths = new long[] { 0, 1, 4, 16, 63, 64, 65, 200, 1000, 4096, 0x600, 0x6000, whole.Length / 2, whole.Length - 1 };
            int refused = 0;
            foreach (long length in lengths)
            {
                string path = Path.Combine(directory, "core." + length.ToString(CultureInfo.InvariantCulture));
                File.WriteAllBytes(path, whole[..(int)length]);
                try
                {
                    using var source = CoreFileSource.Open(path, CancellationToken.None);
                    _ = source.ReadVmMap(source.ProcessId, false, CancellationToken.None).ToArray();
                    _ = source.ReadArguments(source.ProcessId, true, 0, CancellationToken.None);
                }
                catch (CoreFileInvalidException error)
                {
                    Assert.Equal(path, error.Target);
                    refused++;
                }
            }

            Assert.InRange(refused, 8, lengths.Length);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Reads everything a cmdlet can ask for; true when the core was read, false when refused as invalid.</summary>
    private static bool Exercise(CoreBytes bytes, int maxChars)
    {
        try
        {
            using var source = CoreSource.Open(bytes, "fuzz.core", CancellationToken.None);
            ulong previousStart = 0;
            try
            {
                foreach (var region in source.ReadVmMap(source.ProcessId, false, CancellationToken.None))
                {
                    Assert.True(region.End > region.Start);
                    Assert.True(region.Start >= previousStart);
                    Assert.NotNull(region.Dumped);
                    _ = region.Permissions + region.Mapping;
                    previousStart = region.Start;
                }
            }
            catch (CoreDataNotDumpedException missing)
            {
                // A FreeBSD core whose NT_PROCSTAT_VMMAP was mutated into another note: it says so, by its own record.
                Assert.IsType<FreeBsdCoreSource>(source);
                Assert.False(string.IsNullOrEmpty(missing.Message));
            }

            _ = source.ReadProcesses(ProcessSelector.All, CancellationToken.None).ToArray();
            _ = source.ReadProcesses(new ProcessSelector { IncludeThreads = true }, CancellationToken.None).ToArray();
            var reading = source.ReadArguments(source.ProcessId, true, maxChars, CancellationToken.None);
            _ = reading.Arguments.CommandLine;
            return true;
        }
        catch (CoreFileInvalidException error)
        {
            Assert.False(string.IsNullOrEmpty(error.Detail));
            return false;
        }
    }

    /// <summary>A seed core and the byte ranges worth mutating: headers, notes, the stack around the auxv.</summary>
    private sealed record Seed(byte[] Bytes, (long Start, long Length)[] Ranges)
    {
        public static Seed From(byte[] bytes)
        {
            using var source = new ArrayCoreBytes(bytes);
            var image = ElfCore.Open(source, CancellationToken.None);
            var ranges = new List<(long, long)>
            {
                (0, (long)(image.Header.ProgramHeaderOffset + (image.Header.ProgramHeaderCount * (ulong)image.Header.ProgramHeaderSize))),
            };
            var segments = image.Segments();
            while (segments.TryNext(out var segment, CancellationToken.None))
            {
                if (segment.Type == ElfSegment.PT_NOTE)
                {
                    ranges.Add(((long)segment.Offset, (long)segment.FileSize));
                }
            }

            byte[]? auxvBytes = image.WrittenByFreeBsd ? null : CoreImage.Open(image, CancellationToken.None).Auxv;
            int auxv = auxvBytes is null ? -1 : bytes.AsSpan().IndexOf(auxvBytes);
            int stack = auxv < 0 ? -1 : bytes.AsSpan(auxv + 1).IndexOf(auxvBytes);
            if (stack >= 0)
            {
                long at = auxv + 1 + stack;
                ranges.Add((Math.Max(0, at - 2048), Math.Min(4096, bytes.Length - Math.Max(0, at - 2048))));
            }

            ranges.Add((0, bytes.Length));
            return new Seed(bytes, ranges.ToArray());
        }
    }

    /// <summary>One mutation, derived deterministically from the generated numbers.</summary>
    private sealed record Case(int Seed, int Kind, ulong A, ulong B, ulong C, int MaxChars)
    {
        public MutatedBytes Apply(Seed seed)
        {
            var bytes = new MutatedBytes(seed.Bytes);
            var (start, length) = seed.Ranges[(int)(A % (ulong)seed.Ranges.Length)];
            long Position(ulong random) => start + (long)(random % (ulong)Math.Max(1, length));
            switch (Kind)
            {
                case 0:
                    bytes.Truncate(Position(B));
                    break;
                case 1:
                    for (int i = 0; i < 1 + (int)(C % 16); i++)
                    {
                        long at = Position(B + ((ulong)i * 0x9E3779B97F4A7C15UL));
                        bytes.Patch(at, new[] { (byte)(seed.Bytes[at] ^ (1 << (int)((C >> (i * 3)) % 8))) });
                    }

                    break;
                case 2:
                case 3:
                    // A header, program header or note field rewritten with an extreme or random value.
                    int width = Kind == 2 ? 8 : 4;
                    long field = Position(B) & ~(long)(width - 1);
                    ulong value = (C & 1) == 0 ? Extremes[(int)((C >> 1) % (ulong)Extremes.Length)] : C;
                    var word = new byte[width];
                    if (width == 8)
                    {
                        BinaryPrimitives.WriteUInt64LittleEndian(word, value);
                    }
                    else
                    {
                        BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)value);
                    }

                    bytes.Patch(field, word);
                    break;
                case 4:
                    var noise = new byte[1 + (int)(C % 64)];
                    new Random((int)B).NextBytes(noise);
                    bytes.Patch(Position(B), noise);
                    break;
                default:
                    bytes.Patch(Position(B) & ~7L, BitConverter.GetBytes(Extremes[(int)(C % (ulong)Extremes.Length)]));
                    bytes.Truncate(seed.Bytes.Length - (long)(C % 4096));
                    break;
            }

            return bytes;
        }
    }

    /// <summary>A seed's bytes with patches and a cut applied on read, so a 9 MiB core is never copied.</summary>
    private sealed class MutatedBytes : CoreBytes
    {
        private readonly byte[] _seed;
        private readonly List<(long Offset, byte[] Data)> _patches = new();
        private long _length;

        public MutatedBytes(byte[] seed)
        {
            _seed = seed;
            _length = seed.Length;
        }

        public override long Length => _length;

        public void Truncate(long length) => _length = Math.Clamp(length, 0, _length);

        public void Patch(long offset, byte[] data)
        {
            if (offset >= 0 && offset < _seed.Length)
            {
                _patches.Add((offset, data[..(int)Math.Min(data.Length, _seed.Length - offset)]));
            }
        }

        public override int Read(long offset, Span<byte> buffer)
        {
            if (offset < 0 || offset >= _length)
            {
                return 0;
            }

            int count = (int)Math.Min(buffer.Length, _length - offset);
            _seed.AsSpan((int)offset, count).CopyTo(buffer);
            foreach (var (at, data) in _patches)
            {
                long from = Math.Max(at, offset);
                long to = Math.Min(at + data.Length, offset + count);
                if (from < to)
                {
                    data.AsSpan((int)(from - at), (int)(to - from)).CopyTo(buffer[(int)(from - offset)..]);
                }
            }

            return count;
        }
    }
}
