using System;
using ProcMap.Text;

namespace ProcMap.Linux;

/// <summary>
/// Turns comm bytes into strings, one string per distinct name for a listing: a machine with 2,000
/// processes has a few dozen names (every worker of a server shares one), so the listing decodes each
/// once and its objects share the strings. A small direct-mapped table; a collision just decodes again.
/// </summary>
internal sealed class CommNames
{
    private const int Slots = 256;

    private readonly byte[]?[] _bytes = new byte[Slots][];
    private readonly string[] _strings = new string[Slots];

    public string Get(ReadOnlySpan<byte> comm)
    {
        int slot = Hash(comm) & (Slots - 1);
        byte[]? cached = _bytes[slot];
        if (cached is not null && comm.SequenceEqual(cached))
        {
            return _strings[slot];
        }

        string name = KernelText.Decode(comm);
        _bytes[slot] = comm.ToArray();
        _strings[slot] = name;
        return name;
    }

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        // FNV-1a: good enough spread for short names, no allocation.
        uint hash = 2166136261;
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 16777619;
        }

        return (int)hash;
    }
}
