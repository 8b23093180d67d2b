using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace ProcMap.Interop;

/// <summary>
/// The user database as getpwuid_r(3)/getpwnam_r(3) see it, so names come from NSS (files, sssd, LDAP,
/// systemd-userdb) exactly as ps and ls show them, not from a parse of /etc/passwd. One instance per
/// source, which caches every uid it has looked up for the lifetime of one cmdlet call: a listing meets
/// the same few uids thousands of times, and NSS lookups can go over the network.
/// </summary>
internal sealed class UserDatabase
{
    // sysconf(_SC_GETPW_R_SIZE_MAX) is only a hint (and -1 on musl); start at 1 KiB and double on ERANGE.
    private const int InitialBufferSize = 1024;
    private const int MaxBufferSize = 1 << 20;

    private readonly Dictionary<uint, string?> _names = new();

    /// <summary>The name of <paramref name="userId"/>, or null when the database has no entry for it.</summary>
    public string? NameOf(uint userId)
    {
        if (!_names.TryGetValue(userId, out string? name))
        {
            name = LookUp(userId, null, out _);
            _names[userId] = name;
        }

        return name;
    }

    /// <summary>Finds the uid of the user called <paramref name="name"/>; false when there is no such user.</summary>
    public bool TryFindUser(string name, out uint userId)
    {
        ArgumentNullException.ThrowIfNull(name);
        userId = 0;
        if (name.Length == 0 || name.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        string? found = LookUp(0, name, out userId);
        if (found is null)
        {
            return false;
        }

        _names.TryAdd(userId, found);
        return true;
    }

    private static unsafe string? LookUp(uint userId, string? name, out uint foundUserId)
    {
        foundUserId = 0;
        for (int size = InitialBufferSize; size <= MaxBufferSize; size *= 2)
        {
            byte[] buffer = new byte[size];
            LibC.Passwd entry;
            LibC.Passwd* result = null;
            int error;
            fixed (byte* b = buffer)
            {
                error = name is null
                    ? LibC.GetPwUidR(userId, &entry, b, (nuint)size, &result)
                    : LibC.GetPwNamR(name, &entry, b, (nuint)size, &result);
                if (error == 0 && result != null && result->Name != null)
                {
                    foundUserId = result->UserId;
                    return Text.KernelText.Decode(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(result->Name));
                }
            }

            if (error != LibC.ERANGE)
            {
                // 0 with no result: no such entry. Other errors (EIO, EMFILE, an NSS module failing) mean the
                // database cannot say; a name is then unknown, which callers show as null.
                return null;
            }
        }

        return null;
    }
}
