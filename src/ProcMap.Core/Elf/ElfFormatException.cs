using System;

namespace ProcMap.Elf;

/// <summary>
/// What the ELF readers throw when bytes break the format. It never leaves ProcMap.Core: the core-file
/// source turns it into a <see cref="CoreFileInvalidException"/> that names the file.
/// </summary>
#pragma warning disable CA1064 // Internal on purpose: callers only ever see CoreFileInvalidException.
internal sealed class ElfFormatException : Exception
#pragma warning restore CA1064
{
    public ElfFormatException(string detail)
        : base(detail)
    {
    }
}
