using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Enumeration;

namespace ProcMap.Linux;

/// <summary>
/// The one reader of /proc. It owns two buffers that live as long as the source that created it (one
/// cmdlet call): one for whole small files (stat, status, cmdline) and one for files streamed line by line
/// (maps, smaps), so a 60,000-line maps file is read in place without a copy per line.
/// The root is a parameter so tests can point it at a captured fixture tree.
/// </summary>
public sealed class ProcFs
{
    /// <summary>Where procfs is mounted on every Linux system.</summary>
    public const string DefaultRoot = "/proc";

    private const int InitialWholeFileSize = 4096;
    private const int DefaultLineBufferSize = 64 * 1024;

    private readonly int _lineBufferSize;
    private byte[] _wholeFileBuffer = new byte[InitialWholeFileSize];
    private byte[]? _lineBuffer;

    /// <summary>Creates a reader of the procfs mounted at <paramref name="root"/>.</summary>
    public ProcFs(string root = DefaultRoot)
        : this(root, DefaultLineBufferSize)
    {
    }

    /// <summary>Creates a reader with a given line buffer size (small sizes exercise buffer growth in tests).</summary>
    internal ProcFs(string root, int lineBufferSize)
    {
        Root = root.TrimEnd('/');
        _lineBufferSize = lineBufferSize;
    }

    /// <summary>The mount point this reader reads from.</summary>
    public string Root { get; }

    /// <summary>The path of a per-process file, such as /proc/1234/maps.</summary>
    public string PathOf(int processId, string file) =>
        string.Concat(Root, "/", processId.ToString(CultureInfo.InvariantCulture), "/", file);

    /// <summary>The path of a system-wide file, such as /proc/stat.</summary>
    public string PathOf(string file) => string.Concat(Root, "/", file);

    /// <summary>
    /// True when the process itself is gone: the one test of "no such process" (see
    /// <see cref="Errno.ForProcess"/>). It asks for /proc/PID/stat, as psutil does, which every process has
    /// for as long as /proc/PID exists, kernel threads and zombies included.
    /// </summary>
    public bool ProcessGone(int processId) => !File.Exists(PathOf(processId, "stat"));

    /// <summary>The exception <paramref name="errno"/> means when met on <paramref name="path"/> of <paramref name="processId"/>.</summary>
    public ProcMapException Failure(int errno, int processId, string path) => Errno.ForProcess(errno, processId, path, ProcessGone);

    /// <summary>Opens <paramref name="path"/>; on failure returns false with the errno, no exception.</summary>
    internal bool TryOpen(string path, int processId, out ProcFile? file, out int errno)
    {
        file = ProcFile.TryOpenDescriptor(path, out var fd, out errno) ? new ProcFile(fd!, path, processId, this) : null;
        return file is not null;
    }

    /// <summary>Opens <paramref name="path"/> or throws the exception its errno means.</summary>
    internal ProcFile Open(string path, int processId) =>
        TryOpen(path, processId, out var file, out int errno) ? file! : throw Failure(errno, processId, path);

    /// <summary>
    /// Reads a whole file into the shared buffer. The span stays valid until the next read through this
    /// reader. Throws <see cref="ProcessNotFoundException"/> and friends, per <see cref="Errno.ForProcess"/>.
    /// </summary>
    internal ReadOnlySpan<byte> ReadAll(string path, int processId, int limit = int.MaxValue)
    {
        if (!TryReadAll(path, processId, out var content, out int errno, limit))
        {
            throw Failure(errno, processId, path);
        }

        return content;
    }

    /// <summary>A single-record file (see <see cref="TryReadRecord"/>), or the exception its errno means.</summary>
    internal ReadOnlySpan<byte> ReadRecord(string path, int processId) =>
        TryReadRecord(path, processId, out var content, out int errno) ? content : throw Failure(errno, processId, path);

    /// <summary>
    /// Reads a whole file, or returns false with the errno (no exception: listings meet vanished processes all the time).
    /// With <paramref name="limit"/>, stops after that many bytes: a content of exactly <paramref name="limit"/>
    /// bytes may have more behind it. The buffer grows by doubling (cmdline and environ can be megabytes;
    /// there is no 4096 cap) and keeps its size for the next file, so a pipeline pays for growth once.
    /// </summary>
    internal bool TryReadAll(string path, int processId, out ReadOnlySpan<byte> content, out int errno, int limit = int.MaxValue) =>
        TryRead(path, out content, out errno, limit, singleRecord: false);

    /// <summary>
    /// Reads a file the kernel makes in one seq_file record (stat, status, wchan: single_open files, whose
    /// first read(2) returns the whole text when it fits): a read that leaves the buffer unfilled is the
    /// end, so a listing makes one read per file instead of two (the second only to see 0).
    /// </summary>
    internal bool TryReadRecord(string path, int processId, out ReadOnlySpan<byte> content, out int errno) =>
        TryRead(path, out content, out errno, int.MaxValue, singleRecord: true);

    // One open, reads into the shared buffer, one close: a bare descriptor, since nothing can interrupt
    // this between the open and the close (no pipeline runs in between).
    private bool TryRead(string path, out ReadOnlySpan<byte> content, out int errno, int limit, bool singleRecord)
    {
        content = default;
        int fd = ProcFile.OpenRaw(path);
        if (fd < 0)
        {
            errno = -fd;
            return false;
        }

        errno = 0;
        try
        {
            int length = 0;
            while (true)
            {
                if (length == limit)
                {
                    content = _wholeFileBuffer.AsSpan(0, length);
                    return true;
                }

                if (length == _wholeFileBuffer.Length)
                {
                    Array.Resize(ref _wholeFileBuffer, (int)Math.Min(Array.MaxLength, (long)_wholeFileBuffer.Length * 2));
                }

                int space = Math.Min(_wholeFileBuffer.Length, limit) - length;
                int n = ProcFile.TryRead(fd, _wholeFileBuffer.AsSpan(length, space));
                if (n < 0)
                {
                    errno = -n;
                    return false;
                }

                length += n;
                if (n == 0 || (singleRecord && n < space))
                {
                    content = _wholeFileBuffer.AsSpan(0, length);
                    return true;
                }
            }
        }
        finally
        {
            Interop.LibC.Close(fd);
        }
    }

    /// <summary>
    /// The target of the symbolic link <paramref name="path"/> (/proc/PID/exe, cwd, root, fd/N) as raw bytes,
    /// valid until the next read through this reader; false with the errno (ENOENT for a kernel thread's
    /// exe, EACCES without ptrace read access).
    /// </summary>
    internal unsafe bool TryReadLink(string path, out ReadOnlySpan<byte> target, out int errno)
    {
        target = default;
        while (true)
        {
            nint n;
            fixed (byte* buffer = _wholeFileBuffer)
            {
                n = Interop.LibC.ReadLink(path, buffer, (nuint)_wholeFileBuffer.Length);
            }

            if (n < 0)
            {
                errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                return false;
            }

            // readlink(2) truncates silently: a full buffer may be a cut target.
            if (n < _wholeFileBuffer.Length)
            {
                errno = 0;
                target = _wholeFileBuffer.AsSpan(0, (int)n);
                return true;
            }

            Array.Resize(ref _wholeFileBuffer, _wholeFileBuffer.Length * 2);
        }
    }

    /// <summary>
    /// The number of entries of a procfs directory (/proc/PID/fd), without making a string for any;
    /// null when it cannot be listed (the process exited, or this user may not).
    /// </summary>
    internal static int? TryCountEntries(string directory)
    {
        try
        {
            int count = 0;
            var entries = new FileSystemEnumerable<bool>(directory, (ref FileSystemEntry entry) => true, IdListing);
            foreach (bool _ in entries)
            {
                count++;
            }

            return count;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Opens a file to be read line by line through the line buffer. One line reader at a time per
    /// ProcFs: a second concurrent one gets its own buffer.
    /// </summary>
    internal ProcLineReader OpenLines(string path, int processId)
    {
        var file = Open(path, processId);
        byte[] buffer = _lineBuffer ?? new byte[_lineBufferSize];
        _lineBuffer = null;
        return new ProcLineReader(file, buffer, returned => _lineBuffer = returned);
    }

    /// <summary>
    /// Lists the numeric entries of a procfs directory (process ids in /proc, thread ids in /proc/PID/task)
    /// into <paramref name="ids"/>, ascending. Names are parsed from the directory entry in place, so a
    /// listing makes no string per process. False when the directory is gone (the process exited) or hidden.
    /// </summary>
    internal static bool TryListIds(string directory, List<int> ids)
    {
        ids.Clear();
        try
        {
            var entries = new FileSystemEnumerable<int>(directory, (ref FileSystemEntry entry) => ParseId(entry.FileName), IdListing)
            {
                ShouldIncludePredicate = (ref FileSystemEntry entry) => ParseId(entry.FileName) > 0 && entry.IsDirectory,
            };
            foreach (int id in entries)
            {
                ids.Add(id);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        // procfs returns ids in ascending order (proc_pid_readdir walks the pid numbers upwards), but
        // fixture trees on other filesystems do not: sort so every source lists like ps.
        ids.Sort();
        return true;
    }

    private static readonly EnumerationOptions IdListing = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
    };

    /// <summary>The positive int a directory name spells in decimal, or 0.</summary>
    private static int ParseId(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > 10)
        {
            return 0;
        }

        long value = 0;
        foreach (char c in name)
        {
            if (c < '0' || c > '9')
            {
                return 0;
            }

            value = (value * 10) + (c - '0');
        }

        return value is > 0 and <= int.MaxValue ? (int)value : 0;
    }
}
