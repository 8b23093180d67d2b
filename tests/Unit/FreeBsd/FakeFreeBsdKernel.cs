using System;
using System.Collections.Generic;
using ProcMap.FreeBsd;

namespace ProcMap.Tests.FreeBsd;

/// <summary>A FreeBSD kernel made of byte fixtures: each mib answers with bytes or an errno, and every call is logged.</summary>
internal sealed class FakeFreeBsdKernel : IFreeBsdKernel
{
    public const int EPERM = 1, ESRCH = 3, EINVAL = 22;

    private readonly Dictionary<string, (int Errno, byte[] Value)> _answers = new(StringComparer.Ordinal);

    public List<string> Reads { get; } = new();

    public List<uint> UserLookups { get; } = new();

    public List<ulong> DeviceLookups { get; } = new();

    public int PageSize => 4096;

    public FakeFreeBsdKernel Answer(int[] mib, byte[] value)
    {
        _answers[Key(mib)] = (0, value);
        return this;
    }

    public FakeFreeBsdKernel Fail(int[] mib, int errno)
    {
        _answers[Key(mib)] = (errno, Array.Empty<byte>());
        return this;
    }

    public int TryRead(int[] mib, out byte[] value)
    {
        string key = Key(mib);
        Reads.Add(key);
        if (_answers.TryGetValue(key, out var answer))
        {
            value = answer.Value;
            return answer.Errno;
        }

        // An unknown pid, as pget() answers it.
        value = Array.Empty<byte>();
        return ESRCH;
    }

    public string? DeviceName(ulong device)
    {
        DeviceLookups.Add(device);
        return device == 0x5c ? "pts/0" : null;
    }

    public string? UserName(uint userId)
    {
        UserLookups.Add(userId);
        return userId == 0 ? "root" : userId == 1001 ? "alice" : null;
    }

    public bool TryFindUser(string name, out uint userId)
    {
        userId = name switch { "root" => 0, "alice" => 1001, _ => uint.MaxValue };
        return userId != uint.MaxValue;
    }

    /// <summary>The one terminal of this fake system: /dev/pts/0, device 0x5c (what DeviceName names).</summary>
    public bool TryFindCharacterDevice(string path, out ulong device)
    {
        device = path == "/dev/pts/0" ? 0x5cUL : 0;
        return device != 0;
    }

    public static string Key(int[] mib) => string.Join('.', mib);
}
