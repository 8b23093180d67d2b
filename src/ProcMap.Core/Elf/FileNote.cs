using System;
using System.Threading;

namespace ProcMap.Elf;

/// <summary>One entry of NT_FILE: a file-backed mapping's range, its offset in the file in bytes, and its path bytes.</summary>
internal readonly ref struct FileMapping
{
    public FileMapping(ulong start, ulong end, ulong offset, ReadOnlySpan<byte> path)
    {
        Start = start;
        End = end;
        Offset = offset;
        Path = path;
    }

    public ulong Start { get; }

    public ulong End { get; }

    public ulong Offset { get; }

    public ReadOnlySpan<byte> Path { get; }
}

/// <summary>
/// NT_FILE (Linux 3.7+, fs/binfmt_elf.c fill_files_note; gdb linux_make_mappings_corefile_notes): native
/// words <c>count, page_size</c>, then <c>count</c> triples <c>start, end, file_ofs</c>, then <c>count</c>
/// NUL-terminated paths back to back. file_ofs is in units of page_size: the kernel writes pages and its
/// page size, gdb writes bytes and a page size of 1, so the byte offset is always the product.
/// </summary>
internal sealed class FileNote
{
    /// <summary>Paths longer than this are not paths: the kernel's d_path gives at most a page, gdb PATH_MAX.</summary>
    internal const int MaxPathLength = 64 * 1024;

    private readonly ElfHeader _header;
    private readonly ulong _tableOffset;
    private readonly ulong _namesOffset;
    private readonly ulong _end;

    private FileNote(ElfHeader header, ulong count, ulong pageSize, ulong tableOffset, ulong namesOffset, ulong end)
    {
        _header = header;
        Count = count;
        PageSize = pageSize;
        _tableOffset = tableOffset;
        _namesOffset = namesOffset;
        _end = end;
    }

    public ulong Count { get; }

    public ulong PageSize { get; }

    /// <summary>
    /// Checks the whole note once: the count fits the descriptor, there is a path for every entry, the
    /// ranges are in address order and do not overlap, and no byte offset overflows. After this, reading
    /// it again cannot fail on the same bytes.
    /// </summary>
    public static FileNote Validate(ElfHeader header, CoreBytes bytes, ElfNote note, CancellationToken cancellationToken)
    {
        int word = header.WordSize;
        var window = new ElfWindow(bytes, 4096);
        if (note.DescriptorSize < 2 * word)
        {
            throw new ElfFormatException(Messages.CoreNoteTooSmall("NT_FILE", (int)note.DescriptorSize, 2 * word));
        }

        var head = window.Read(note.DescriptorOffset, 2 * word, "the NT_FILE header");
        ulong count = header.Word(head, 0);
        ulong pageSize = header.Word(head, word);
        ulong room = note.DescriptorSize - (2UL * (ulong)word);
        if (count > room / (3UL * (ulong)word))
        {
            throw new ElfFormatException(Messages.CoreFileNoteCount(count, note.DescriptorSize));
        }

        ulong tableOffset = note.DescriptorOffset + (2UL * (ulong)word);
        ulong namesOffset = tableOffset + (count * 3UL * (ulong)word);
        var fileNote = new FileNote(header, count, pageSize, tableOffset, namesOffset, note.DescriptorOffset + note.DescriptorSize);
        var cursor = fileNote.Open(bytes);
        ulong previousEnd = 0;
        for (ulong i = 0; i < count; i++)
        {
            if ((i & 0x3ff) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            cursor.Next(out ulong start, out ulong end, out _, out _);
            if (end <= start || start < previousEnd)
            {
                throw new ElfFormatException(Messages.CoreFileNoteOrder(i, start, end));
            }

            previousEnd = end;
        }

        return fileNote;
    }

    /// <summary>A cursor over the entries in order, with its own windows on the table and on the paths.</summary>
    public Cursor Open(CoreBytes bytes) => new(this, new ElfWindow(bytes, 16 * 1024), new ElfWindow(bytes, 16 * 1024));

    internal sealed class Cursor
    {
        private readonly FileNote _note;
        private readonly ElfWindow _table;
        private readonly ElfWindow _names;
        private ulong _index;
        private ulong _namePosition;

        public Cursor(FileNote note, ElfWindow table, ElfWindow names)
        {
            _note = note;
            _table = table;
            _names = names;
            _namePosition = note._namesOffset;
        }

        public bool AtEnd => _index >= _note.Count;

        /// <summary>The next entry; <paramref name="path"/> stays valid until the next call.</summary>
        public void Next(out ulong start, out ulong end, out ulong offset, out ReadOnlySpan<byte> path)
        {
            var header = _note._header;
            int word = header.WordSize;
            var triple = _table.Read(_note._tableOffset + (_index * 3UL * (ulong)word), 3 * word, "an NT_FILE entry");
            start = header.Word(triple, 0);
            end = header.Word(triple, word);
            ulong fileOffset = header.Word(triple, 2 * word);
            if (_note.PageSize != 0 && fileOffset > ulong.MaxValue / _note.PageSize)
            {
                throw new ElfFormatException(Messages.CoreFileNoteOffset(_index, fileOffset, _note.PageSize));
            }

            offset = fileOffset * _note.PageSize;
            path = ReadPath();
            _index++;
        }

        private ReadOnlySpan<byte> ReadPath()
        {
            ulong left = _note._end - _namePosition;
            int length = (int)Math.Min(left, 512);
            while (true)
            {
                var chunk = _names.Read(_namePosition, length, "an NT_FILE path");
                int nul = chunk.IndexOf((byte)0);
                if (nul >= 0)
                {
                    _namePosition += (ulong)nul + 1;
                    return chunk[..nul];
                }

                if ((ulong)length == left || length >= MaxPathLength)
                {
                    throw new ElfFormatException(Messages.CoreFileNoteNames(_index, _note.Count));
                }

                length = (int)Math.Min(left, (ulong)length * 2);
            }
        }
    }
}
