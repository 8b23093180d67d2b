using System;

namespace ProcMap.Text;

/// <summary>
/// A vector of NUL-terminated strings as the kernel hands them out (Linux /proc/PID/cmdline and environ,
/// FreeBSD KERN_PROC_ARGS/ENV, the argv area in a core), after kvm_getargv(3)'s nchr rule. Every source
/// of argument vectors goes through here, so they all count and cut alike.
/// </summary>
/// <remarks>
/// nchr counts bytes, as kvm does: the kernel's buffer is bytes, and a limit in bytes bounds what is read
/// from the kernel in the first place (a 2 MiB argv read for an 80-column summary would defeat the point).
/// Each string's terminating NUL counts, so at most nchr - 1 bytes of text survive. kvm writes a NUL over
/// byte nchr - 1 and splits; this does the same, so a cut that lands just past a NUL leaves an empty last
/// string (FreeBSD lib/libkvm/kvm_proc.c kvm_argv). One deviation: where the cut falls inside a UTF-8
/// sequence the partial character is dropped too, so a cut never turns a character into U+FFFD.
/// </remarks>
internal readonly ref struct NulStrings
{
    private readonly ReadOnlySpan<byte> _bytes;

    // True when the span's end closes one more string even if it is empty: the nchr cut puts a NUL there.
    private readonly bool _endClosesString;

    private NulStrings(ReadOnlySpan<byte> bytes, bool endClosesString, bool truncated)
    {
        _bytes = bytes;
        _endClosesString = endClosesString;
        Truncated = truncated;
    }

    /// <summary>True when nchr cut the vector: the overflowing string is shortened and the rest dropped.</summary>
    public bool Truncated { get; }

    /// <summary>The number of strings.</summary>
    public int Count
    {
        get
        {
            int count = _bytes.Count((byte)0);
            return HasOpenTail ? count + 1 : count;
        }
    }

    // Bytes after the last NUL form a string when there are any (the kernel gave a string without its NUL)
    // or when the cut closes one.
    private bool HasOpenTail => _endClosesString || (_bytes.Length > 0 && _bytes[^1] != 0);

    /// <summary>
    /// Applies nchr to <paramref name="data"/>. <paramref name="complete"/> is false when only a prefix was
    /// read (the caller read <paramref name="maxChars"/> + 1 bytes or more, so more exist); 0 means no limit.
    /// A last string without its NUL counts as if it had one.
    /// </summary>
    public static NulStrings Limit(ReadOnlySpan<byte> data, bool complete, int maxChars)
    {
        long counted = data.Length + (data.Length > 0 && data[^1] != 0 ? 1 : 0);
        if (maxChars <= 0 || (complete && counted <= maxChars))
        {
            return new NulStrings(data, endClosesString: false, truncated: false);
        }

        if (counted <= maxChars)
        {
            // A prefix that already fits: the caller read less than it should have; nothing to cut.
            return new NulStrings(data, endClosesString: false, truncated: true);
        }

        int cut = maxChars - 1;
        return new NulStrings(data[..BackToCharacterStart(data, cut)], endClosesString: true, truncated: true);
    }

    /// <summary>
    /// What the kernel shows of a process that rewrote its argument area so that the area's last byte is not
    /// a NUL (setproctitle): the one string from arg_start up to the first NUL, even when it runs on into
    /// the environment area (fs/proc/base.c get_mm_proctitle, Linux 5.2+). <paramref name="fromArgumentStart"/>
    /// holds the bytes from arg_start on; the result is the title without its NUL, or all of them when no NUL
    /// comes (<paramref name="closed"/> false). Live cmdlines and cores both apply the kernel's rule here.
    /// </summary>
    public static ReadOnlySpan<byte> ProcessTitle(ReadOnlySpan<byte> fromArgumentStart, out bool closed)
    {
        int nul = fromArgumentStart.IndexOf((byte)0);
        closed = nul >= 0;
        return closed ? fromArgumentStart[..nul] : fromArgumentStart;
    }

    /// <summary>The strings, decoded as lenient UTF-8 (invalid bytes become U+FFFD, never an exception).</summary>
    public string[] ToStrings()
    {
        int count = Count;
        if (count == 0)
        {
            return Array.Empty<string>();
        }

        var strings = new string[count];
        int i = 0;
        foreach (var text in this)
        {
            strings[i++] = text.Length == 0 ? string.Empty : KernelText.Decode(text);
        }

        return strings;
    }

    /// <summary>Enumerates the strings' bytes, without their NULs.</summary>
    public Enumerator GetEnumerator() => new(_bytes, HasOpenTail);

    /// <summary>Walks the strings without allocating.</summary>
    public ref struct Enumerator
    {
        private ReadOnlySpan<byte> _rest;
        private bool _openTail;
        private bool _done;

        internal Enumerator(ReadOnlySpan<byte> bytes, bool openTail)
        {
            _rest = bytes;
            _openTail = openTail;
            _done = false;
            Current = default;
        }

        /// <summary>The current string's bytes.</summary>
        public ReadOnlySpan<byte> Current { get; private set; }

        /// <summary>Moves to the next string.</summary>
        public bool MoveNext()
        {
            if (_done)
            {
                return false;
            }

            int nul = _rest.IndexOf((byte)0);
            if (nul >= 0)
            {
                Current = _rest[..nul];
                _rest = _rest[(nul + 1)..];
                return true;
            }

            _done = true;
            if (_openTail)
            {
                Current = _rest;
                _openTail = false;
                return true;
            }

            return false;
        }
    }

    // If data[cut] continues a UTF-8 sequence that starts before cut (within the same string), cut before
    // that sequence's lead byte. Invalid sequences are left alone: they decode to U+FFFD either way.
    private static int BackToCharacterStart(ReadOnlySpan<byte> data, int cut)
    {
        if (cut >= data.Length || !IsContinuation(data[cut]))
        {
            return cut;
        }

        int lead = cut - 1;
        while (lead >= 0 && cut - lead <= 3 && IsContinuation(data[lead]))
        {
            lead--;
        }

        if (lead < 0 || cut - lead > 3)
        {
            return cut;
        }

        int length = SequenceLength(data[lead]);
        return length > cut - lead ? lead : cut;
    }

    private static bool IsContinuation(byte b) => (b & 0xC0) == 0x80;

    private static int SequenceLength(byte lead) => lead switch
    {
        >= 0xC2 and <= 0xDF => 2,
        >= 0xE0 and <= 0xEF => 3,
        >= 0xF0 and <= 0xF4 => 4,
        _ => 0,
    };
}
