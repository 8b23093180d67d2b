using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;

namespace ProcMap.Tests.CoreFile;

/// <summary>
/// One real core of Fixtures/cores/ARCH/WRITER/ (made by make-cores.sh) with what the independent tools
/// said about it when it was made: eu-readelf's notes and program headers, gdb's mappings, threads and
/// auxv, and the subject's own facts. The tests compare ProcMap's reading with these, field by field.
/// </summary>
internal sealed class RecordedCore
{
    private byte[]? _bytes;

    private RecordedCore(string directory)
    {
        Directory = directory;
        Writer = Path.GetFileName(directory);
        Architecture = Path.GetFileName(Path.GetDirectoryName(directory)!);
        Subject = SubjectFacts.Parse(File.ReadAllLines(Path.Combine(directory, "subject.txt")));
        Notes = ReadElfNotes.Parse(File.ReadAllText(Path.Combine(directory, "eu-readelf-notes.txt")));
        Headers = ReadElfHeaders.Parse(File.ReadAllText(Path.Combine(directory, "eu-readelf-l.txt")));
        Gdb = GdbView.Parse(File.ReadAllText(Path.Combine(directory, "gdb.txt")));
    }

    public static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures", "cores");

    public string Directory { get; }

    /// <summary>The directory name one level up: x86_64, ppc64, mipsn32el, ...</summary>
    public string Architecture { get; }

    /// <summary>kernel, gcore or qemu.</summary>
    public string Writer { get; }

    public string Name => Architecture + "/" + Writer;

    public SubjectFacts Subject { get; }

    public ReadElfNotes Notes { get; }

    public ReadElfHeaders Headers { get; }

    public GdbView Gdb { get; }

    /// <summary>The decompressed core (core.gz, gzip -9).</summary>
    public byte[] Bytes => _bytes ??= Decompress(Path.Combine(Directory, "core.gz"));

    /// <summary>Every recorded core, in a stable order.</summary>
    public static IReadOnlyList<RecordedCore> All { get; } = Load();

    public static RecordedCore Get(string name) => All.Single(c => c.Name == name);

    /// <summary>Writes the decompressed core to a temporary file (for the live tools and the cmdlets' -CorePath).</summary>
    public string WriteTo(string directory)
    {
        string path = Path.Combine(directory, Architecture + "-" + Writer + ".core");
        File.WriteAllBytes(path, Bytes);
        return path;
    }

    public override string ToString() => Name;

    private static List<RecordedCore> Load() => System.IO.Directory.EnumerateDirectories(Root)
        .SelectMany(System.IO.Directory.EnumerateDirectories)
        .Where(d => File.Exists(Path.Combine(d, "core.gz")))
        .Order(StringComparer.Ordinal)
        .Select(d => new RecordedCore(d))
        .ToList();

    private static byte[] Decompress(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }
}

/// <summary>subject.txt: what make-cores.sh knew about the process it killed.</summary>
internal sealed class SubjectFacts
{
    private readonly Dictionary<string, string> _values;

    private SubjectFacts(Dictionary<string, string> values)
    {
        _values = values;
    }

    public int ProcessId => Int("pid");

    public int ParentProcessId => Int("ppid");

    public int ProcessGroupId => Int("pgrp");

    public int SessionId => Int("sid");

    public uint UserId => uint.Parse(_values["uid"], CultureInfo.InvariantCulture);

    public uint GroupId => uint.Parse(_values["gid"], CultureInfo.InvariantCulture);

    public int Nice => Int("nice");

    public string Writer => _values["writer"];

    /// <summary>argv, each element as the script wrote it between brackets.</summary>
    public string[] Arguments => Bracketed(_values["argv"]);

    /// <summary>The environment, NAME=value, in order.</summary>
    public string[] Environment => Bracketed(_values["env"]);

    public static SubjectFacts Parse(IEnumerable<string> lines)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in lines)
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                values[line[..colon]] = line[(colon + 1)..].TrimStart(' ');
            }
        }

        return new SubjectFacts(values);
    }

    private int Int(string key) => int.Parse(_values[key], CultureInfo.InvariantCulture);

    private static string[] Bracketed(string text) =>
        Regex.Matches(text, @"\[([^\]]*)\]").Select(m => m.Groups[1].Value).ToArray();
}

/// <summary>`eu-readelf --notes`: every note with its owner, size and type, and the fields elfutils decodes.</summary>
internal sealed class ReadElfNotes
{
    private static readonly Regex NoteLine = new(@"^  (\S+)\s+(\d+)\s+(\S.*?)\s*$");
    private static readonly Regex Field = new(@"([A-Za-z_][\w.]*): (.*?)(?=, [A-Za-z_][\w.]*: |$)");
    private static readonly Regex FileEntry = new(@"^\s+([0-9a-f]+)-([0-9a-f]+) ([0-9a-f]+) (\d+)\s+(.*)$");

    public List<Note> All { get; } = new();

    public IEnumerable<Note> Of(string type) => All.Where(n => n.Owner == "CORE" && n.Type == type);

    /// <summary>Parses elfutils 0.188's text (readelf.c handle_notes / handle_core_note).</summary>
    public static ReadElfNotes Parse(string text)
    {
        var notes = new ReadElfNotes();
        Note? current = null;
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            var head = NoteLine.Match(line);
            if (head.Success && !line.StartsWith("  Owner", StringComparison.Ordinal) && !line.StartsWith("    ", StringComparison.Ordinal))
            {
                current = new Note(head.Groups[1].Value, int.Parse(head.Groups[2].Value, CultureInfo.InvariantCulture), head.Groups[3].Value);
                notes.All.Add(current);
                continue;
            }

            if (current is null || !line.StartsWith("    ", StringComparison.Ordinal))
            {
                continue;
            }

            current.Lines.Add(line);
            if (current.Type == "FILE")
            {
                var entry = FileEntry.Match(line);
                if (entry.Success)
                {
                    current.Files.Add(new FileEntryView(Hex(entry.Groups[1].Value), Hex(entry.Groups[2].Value), Hex(entry.Groups[3].Value), entry.Groups[5].Value));
                }

                continue;
            }

            if (current.Type == "AUXV")
            {
                string entryText = line.Trim();
                int colon = entryText.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    string value = entryText[(colon + 1)..].Trim();
                    int space = value.IndexOf(' ', StringComparison.Ordinal);
                    current.Auxv.Add((entryText[..colon], space < 0 ? value : value[..space]));
                }
                else
                {
                    current.Auxv.Add((entryText, string.Empty));
                }

                continue;
            }

            string body = line.TrimStart(' ');
            int psargs = body.IndexOf("psargs: ", StringComparison.Ordinal);
            if (psargs >= 0)
            {
                // The last field of its line, kept whole: the kernel's NULs-to-spaces text ends in a space.
                current.Fields["psargs"] = body[(psargs + "psargs: ".Length)..];
                body = body[..psargs];
            }

            foreach (Match field in Field.Matches(body))
            {
                current.Fields.TryAdd(field.Groups[1].Value, field.Groups[2].Value.TrimEnd(',', ' '));
            }
        }

        return notes;
    }

    private static ulong Hex(string text) => ulong.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    internal sealed record Note(string Owner, int Size, string Type)
    {
        public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);

        public List<string> Lines { get; } = new();

        public List<FileEntryView> Files { get; } = new();

        public List<(string Name, string Value)> Auxv { get; } = new();

        public int Int(string field) => int.Parse(Fields[field], CultureInfo.InvariantCulture);

        public bool Has(string field) => Fields.ContainsKey(field);
    }

    /// <summary>One NT_FILE entry as eu-readelf prints it: the offset in the note's own units (pages or bytes).</summary>
    internal sealed record FileEntryView(ulong Start, ulong End, ulong Offset, string Path);
}

/// <summary>`eu-readelf -h -l`: the ELF header's class, data, machine and type, and every program header.</summary>
internal sealed class ReadElfHeaders
{
    private static readonly Regex Segment = new(@"^  (LOAD|NOTE)\s+0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) (.{3}) 0x([0-9a-f]+)$");

    public string Class { get; private set; } = string.Empty;

    public string Data { get; private set; } = string.Empty;

    public string Machine { get; private set; } = string.Empty;

    public List<SegmentView> Segments { get; } = new();

    public IEnumerable<SegmentView> Loads => Segments.Where(s => s.Type == "LOAD");

    public static ReadElfHeaders Parse(string text)
    {
        var headers = new ReadElfHeaders();
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            string trimmed = line.Trim();
            if (trimmed.StartsWith("Class:", StringComparison.Ordinal))
            {
                headers.Class = trimmed["Class:".Length..].Trim();
            }
            else if (trimmed.StartsWith("Data:", StringComparison.Ordinal))
            {
                headers.Data = trimmed["Data:".Length..].Trim();
            }
            else if (trimmed.StartsWith("Machine:", StringComparison.Ordinal))
            {
                headers.Machine = trimmed["Machine:".Length..].Trim();
            }

            var segment = Segment.Match(line);
            if (segment.Success)
            {
                string flags = segment.Groups[7].Value;
                headers.Segments.Add(new SegmentView(
                    segment.Groups[1].Value,
                    Hex(segment.Groups[2].Value),
                    Hex(segment.Groups[3].Value),
                    Hex(segment.Groups[5].Value),
                    Hex(segment.Groups[6].Value),
                    flags[0] == 'R',
                    flags[1] == 'W',
                    flags[2] == 'E'));
            }
        }

        return headers;
    }

    private static ulong Hex(string text) => ulong.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    internal sealed record SegmentView(string Type, ulong Offset, ulong Address, ulong FileSize, ulong MemorySize, bool Read, bool Write, bool Execute);
}

/// <summary>gdb's `info proc mappings`, `info threads` and `info auxv` on the core (gdb 13).</summary>
internal sealed class GdbView
{
    private static readonly Regex Mapping = new(@"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$");
    private static readonly Regex Thread = new(@"^[\* ] +\d+ +(?:Thread 0x[0-9a-f]+ \()?LWP (\d+)");
    private static readonly Regex Auxv = new(@"^(\d+)\s+(AT_\w+|\?\?\?)\s+.*?\s(0x[0-9a-f]+|\d+)(?: ""(.*)"")?$");

    public List<(ulong Start, ulong End, ulong Offset, string Path)> Mappings { get; } = new();

    public List<int> Threads { get; } = new();

    public List<(ulong Type, ulong Value, string? Text)> AuxVector { get; } = new();

    /// <summary>False where gdb could not read the core (m68k) or stopped early (MIPS n32): nothing to compare.</summary>
    public bool ReadTheCore => Threads.Count > 0;

    public static GdbView Parse(string text)
    {
        var view = new GdbView();
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            var mapping = Mapping.Match(line);
            if (mapping.Success)
            {
                view.Mappings.Add((Hex(mapping.Groups[1].Value), Hex(mapping.Groups[2].Value), Hex(mapping.Groups[4].Value), mapping.Groups[5].Value));
                continue;
            }

            var thread = Thread.Match(line);
            if (thread.Success)
            {
                view.Threads.Add(int.Parse(thread.Groups[1].Value, CultureInfo.InvariantCulture));
                continue;
            }

            var auxv = Auxv.Match(line);
            if (auxv.Success)
            {
                string value = auxv.Groups[3].Value;
                view.AuxVector.Add((
                    ulong.Parse(auxv.Groups[1].Value, CultureInfo.InvariantCulture),
                    value.StartsWith("0x", StringComparison.Ordinal) ? Hex(value[2..]) : ulong.Parse(value, CultureInfo.InvariantCulture),
                    auxv.Groups[4].Success ? auxv.Groups[4].Value : null));
            }
        }

        return view;
    }

    private static ulong Hex(string text) => ulong.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}

/// <summary>The independent readers, found on PATH and run the one way the tests run programs.</summary>
internal static class Tools
{
    public static string? Find(string name) => (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(d => Path.Combine(d, name))
        .FirstOrDefault(File.Exists);

    public static string Run(string tool, params string[] arguments) => CoreSubject.Run(tool, arguments);
}
