namespace ProcMap;

/// <summary>The four-letter permission strings of /proc/PID/maps, made once.</summary>
internal static class PermissionText
{
    // Index: protection bits (0-7) * 3 + sharing (0 private, 1 shared, 2 unknown).
    private static readonly string[] Texts = Build();

    public static string Format(MemoryProtection protection, bool? shared)
    {
        int sharing = shared switch { false => 0, true => 1, null => 2 };
        return Texts[((int)protection & 7) * 3 + sharing];
    }

    private static string[] Build()
    {
        var texts = new string[8 * 3];
        for (int bits = 0; bits < 8; bits++)
        {
            for (int sharing = 0; sharing < 3; sharing++)
            {
                texts[bits * 3 + sharing] = new string(new[]
                {
                    (bits & 1) != 0 ? 'r' : '-',
                    (bits & 2) != 0 ? 'w' : '-',
                    (bits & 4) != 0 ? 'x' : '-',
                    sharing switch { 0 => 'p', 1 => 's', _ => '?' },
                });
            }
        }

        return texts;
    }
}
