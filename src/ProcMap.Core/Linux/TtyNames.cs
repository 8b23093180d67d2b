using System.Collections.Generic;
using System.IO;
using ProcMap.Interop;

namespace ProcMap.Linux;

/// <summary>
/// Names of controlling terminals for one source's lifetime: the fixed table first, then a single scan
/// of the character devices in /dev for the drivers the table does not know (the fallback ps uses).
/// Every tty_nr is decoded once per call.
/// </summary>
internal sealed class TtyNames
{
    private readonly ProcFs _proc;
    private readonly string _devRoot;
    private readonly Dictionary<ulong, string?> _names = new();
    private Dictionary<ulong, string>? _devices;

    public TtyNames(ProcFs proc, string devRoot = "/dev")
    {
        _proc = proc;
        _devRoot = devRoot.TrimEnd('/');
    }

    /// <summary>The name without /dev/ of the terminal <paramref name="ttyNumber"/> (a tty_nr); null when unknown.</summary>
    public string? NameOf(ulong ttyNumber)
    {
        if (!_names.TryGetValue(ttyNumber, out string? name))
        {
            var (major, minor) = TtyDevices.Decode(ttyNumber);
            if (!TtyDevices.TryNameFromTable(major, minor, out name))
            {
                _devices ??= ScanDevices();
                name = _devices.GetValueOrDefault(ttyNumber);
            }

            _names[ttyNumber] = name;
        }

        return name;
    }

    /// <summary>
    /// The tty_nr of the terminal <paramref name="name"/> ("pts/3", "/dev/pts/3", "tty1"): the device number
    /// the kernel gives that file, so only a real character device of a terminal driver answers (not
    /// /dev/null). False when there is none.
    /// </summary>
    public bool TryResolve(string name, out ulong ttyNumber)
    {
        ttyNumber = 0;
        string path = name.StartsWith('/') ? name : _devRoot + "/" + name;
        if (!FileStatus.TryGet(path, out var status, out _) || status.Type != FileType.CharacterDevice)
        {
            return false;
        }

        var (major, minor) = (status.DeviceMajor, status.DeviceMinor);

        // Without /proc/tty/drivers (a procfs without it is unheard of) the device is taken on trust.
        if (_proc.TryReadAll(_proc.PathOf("tty/drivers"), 0, out var drivers, out _)
            && !TtyDrivers.Covers(drivers, major, minor))
        {
            return false;
        }

        ttyNumber = TtyDevices.Encode(major, minor);
        return true;
    }

    private Dictionary<ulong, string> ScanDevices()
    {
        var devices = new Dictionary<ulong, string>();
        try
        {
            foreach (string path in Directory.EnumerateFiles(_devRoot))
            {
                if (new FileInfo(path).LinkTarget is null
                    && FileStatus.TryGet(path, out var status, out _) && status.Type == FileType.CharacterDevice)
                {
                    devices.TryAdd(TtyDevices.Encode(status.DeviceMajor, status.DeviceMinor), Path.GetFileName(path));
                }
            }
        }
        catch (IOException)
        {
            // No /dev to look in (a minimal container): the names stay unknown.
        }
        catch (System.UnauthorizedAccessException)
        {
        }

        return devices;
    }
}
