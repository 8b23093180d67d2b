using System.Globalization;

namespace ProcMap;

/// <summary>Every message text ProcMap shows, in one place.</summary>
internal static class Messages
{
    public static string ProcessNotFound(int processId) =>
        Format("Cannot find a process with the process identifier {0}.", processId);

    public static string AccessDenied(int processId, string path) => processId > 0
        ? Format("Access to {0} of process {1} is denied: the kernel allows it only to the process's owner with ptrace rights, or to root.", path, processId)
        : Format("Access to {0} is denied to this user.", path);

    public const string AccessDeniedAction = "Run as the process's owner, or as root (CAP_SYS_PTRACE).";

    public static string NoAddressSpace(int processId, string path) =>
        Format("Process {0} has no address space (a kernel thread, or a zombie whose memory is gone), so {1} has nothing to show.", processId, path);

    public static string KernelFileMissing(string path) =>
        Format("This kernel has no {0}, although the process exists: {1}", path, KernelFileHint(path));

    private static string KernelFileHint(string path)
    {
        string file = path[(path.LastIndexOf('/') + 1)..];
        return file switch
        {
            "smaps_rollup" => "it needs Linux 4.14 or later, built with CONFIG_PROC_PAGE_MONITOR.",
            "smaps" or "pagemap" => "it needs a kernel built with CONFIG_PROC_PAGE_MONITOR.",
            "wchan" => "it needs a kernel built with CONFIG_KALLSYMS.",
            _ => "this kernel's procfs (or sysctl tree) does not provide it.",
        };
    }

    public static string ErrnoClause(string what, string name, string text) =>
        Format("{0} ({1}, \"{2}\")", what, name, text);

    public static string CoreAccessRefused(string doing, string reason) =>
        Format("{0} was refused: {1}. Reading a core needs read permission on the file and search permission on every directory above it.", doing, reason);

    public static string CoreOperationFailed(string doing, string reason) =>
        Format("{0} failed: {1}.", doing, reason);

    public const string CoreOpening = "opening it";

    public const string CoreSeeking = "asking for its length";

    public const string CoreExamining = "looking at what it is (stat)";

    public const string CoreReading = "reading it";

    public static string CoreNotAFile(string what) =>
        Format("it is {0}, not a core file; ProcMap reads only regular files, and never opens anything else (opening a device can have effects).", what);

    public static string ProcReadFailed(string path, string detail) =>
        Format("Cannot read {0}: {1}", path, detail);

    public static string InvalidProcessId(long processId) =>
        Format("The process identifier {0} is not valid: process identifiers start at 1.", processId);

    public static string UnexpectedFormat(int lineNumber, string what) =>
        Format("line {0} is not in the documented format ({1}).", lineNumber, what);

    public static string PlatformNotSupported(string operatingSystem) =>
        Format("ProcMap has no live source on {0}. Use -CorePath to read a process core file instead.", operatingSystem);

    public static string SourceCannot(string source, string operation) =>
        Format("The {0} source cannot {1}.", source, operation);

    public static string InvalidMaxChars(int maxChars) =>
        Format("The character limit {0} is not valid: use a positive number, or 0 for no limit.", maxChars);
    // FreeBSD: sysctl kern.proc.* records (FreeBsd/), and the Get-PhysicalRegion refusal.

    public static string FreeBsdHasNoPhysicalMap() =>
        "FreeBSD gives user space no map from virtual to physical pages (nothing like Linux's /proc/PID/pagemap), so Get-PhysicalRegion cannot run on FreeBSD. Get-VmMap shows each mapping's resident pages (ResidentPages, PrivateResidentPages) instead.";

    public static string RecordHeaderCut(int index, int offset, int remaining) =>
        Format("record {0} at byte {1} is cut off: only {2} bytes are left, too few for its size field.", index, offset, remaining);

    public static string RecordSizeTooSmall(int index, int offset, string sizeField, int size, int minimum, string structName) =>
        Format("record {0} at byte {1} gives {2} {3}, below the {4} bytes of the fixed part of struct {5} (amd64 layout of sys/sys/user.h).", index, offset, sizeField, size, minimum, structName);

    public static string RecordPastEnd(int index, int offset, string sizeField, int size, int remaining) =>
        Format("record {0} at byte {1} gives {2} {3}, but only {4} bytes are left in the buffer.", index, offset, sizeField, size, remaining);

    public static string RecordEndBeforeStart(int index, int offset, ulong start, ulong end) =>
        Format("record {0} at byte {1} ends (0x{2:x}) before it starts (0x{3:x}).", index, offset, end, start);
    public static string CoreFileInvalid(string path, string detail) =>
        Format("{0} is not a process core file ProcMap can read: {1}", path, detail);

    public static string CoreFileNotFound(string path) =>
        Format("Cannot find the core file {0}.", path);

    public static string CoreFileUnreadable(string path, string detail) =>
        Format("Cannot read the core file {0}: {1}", path, detail);

    public static string CoreDataNotDumped(string path, string what) =>
        Format("The core file {0} does not hold {1}.", path, what);

    public const string CoreHasNoPhysicalMap = "read physical regions: a core holds the pages' contents, not where they lay in physical memory";

    public const string CoreEmpty = "the file is empty.";

    public const string FreeBsdCoreNoVmMap = "its mappings: the core has no NT_PROCSTAT_VMMAP note (FreeBSD writes one since 10.0)";

    public const string FreeBsdCoreNoStrings = "the strings: NT_PROCSTAT_PSSTRINGS is missing, or the struct ps_strings it points to, the pointer arrays or the strings were not dumped";

    public const string FreeBsdCoreNoProc = "it is a FreeBSD core without an NT_PROCSTAT_PROC note holding a kinfo_proc (FreeBSD writes one since 10.0), so the process it holds is unknown.";

    public static string FreeBsdCoreMachine(string machine, int bits) =>
        Format("it is a {0}-bit FreeBSD core of {1}; ProcMap reads FreeBSD cores of amd64, arm64, i386 and armv7.", bits, machine);

    public static string FreeBsdCoreStructSize(string note, int size, string structName, int expected) =>
        Format("its {0} note says its records are {1} bytes, but a {2} of this core's ABI is {3}: the records are of another layout.", note, size, structName, expected);

    public static string FreeBsdCoreRecords(string note, string detail) =>
        Format("its {0} note does not hold the records its structsize promises: {1}", note, detail);

    public static string FreeBsdCoreNoteTooLarge(uint type, uint size) =>
        Format("its FreeBSD note of type {0} claims {1} bytes, more than any process's records.", type, size);

    public const string CoreNotLinux = "it is a FreeBSD core, not a Linux one: open it with CoreSource.Open.";

    public const string CoreNoProcessNotes = "it has no NT_PRPSINFO or NT_PRSTATUS note, so it is not the core of a process.";

    public static string CoreBadProcessId(int processId) =>
        Format("its process notes give the process id {0}; process ids start at 1.", processId);

    public const string CoreKernelDump = "it is a Linux kernel crash dump (vmcore: it carries a VMCOREINFO note, as kdump's /proc/vmcore and makedumpfile's ELF output do), not a process core. Read it with crash(8) or gdb and the kernel's vmlinux.";

    public static string CoreOtherSystem(string system, string owner) =>
        Format("it is a {0} process core (\"{1}\" notes), whose notes have other layouts; ProcMap reads Linux process cores.", system, owner);

    public const string CoreEnvironmentNotDumped = "the environment: its stack was not dumped (see coredump_filter(5) in core(5)), and only pr_psargs, a 79-character summary of the arguments, is recorded";

    public const string CoreTooManyThreads = "it has more NT_PRSTATUS notes than a process can have threads.";

    public static string CoreNotElf(long length) =>
        Format("it does not start with the ELF magic bytes 7f 45 4c 46 ({0} bytes long).", length);

    public static string CoreCompressed(string format, string tool) =>
        Format("it is {0}-compressed, as systemd-coredump stores cores. Decompress it first: coredumpctl dump PID --output=FILE, or {1} -d.", format, tool);

    public static string CoreBadField(string field, long value, string expected) =>
        Format("the ELF header's {0} is {1}; {2} was expected.", field, value, expected);

    public static string CoreNotCore(string what) =>
        Format("it is an ELF {0}, not a core file (ET_CORE).", what);

    public static string CoreUnsupportedMachine(string machine, int bits) =>
        Format("it is a {0}-bit Linux core of {1}, an architecture whose note layouts ProcMap does not know. ProcMap reads Linux cores of x86-64, x32, i386, AArch64, ARM, RISC-V (64 and 32), PowerPC64, PowerPC, s390x, s390, MIPS (o32, n32, n64), LoongArch 64, SPARC64, m68k, SuperH, Alpha and PA-RISC.", bits, machine);

    public static string CorePrStatusSizeUnknown(string machine, int bits, uint size, string known) =>
        Format("its NT_PRSTATUS note is {0} bytes, which is the struct elf_prstatus of no {1}-bit {2} ABI ProcMap knows ({3}).", size, bits, machine, known);

    public static string CoreRangePastEnd(string what, ulong offset, ulong size, long fileLength) =>
        Format("{0} at offset 0x{1:x} ({2} bytes) runs past the end of the file ({3} bytes): the file is truncated or corrupt.", what, offset, size, fileLength);

    public static string CoreNotePastSegment(int index, ulong offset, uint nameSize, uint descriptorSize) =>
        Format("note {0} at offset 0x{1:x} (name {2} bytes, descriptor {3} bytes) runs past the end of its PT_NOTE segment.", index, offset, nameSize, descriptorSize);

    public static string CoreNoteTooSmall(string note, int size, int expected) =>
        Format("its {0} note is {1} bytes, shorter than the {2} bytes of its layout.", note, size, expected);

    public static string CoreAuxvSize(uint size, int entrySize) =>
        Format("its NT_AUXV note is {0} bytes, which is not a whole number of {1}-byte entries or is larger than any auxiliary vector.", size, entrySize);

    public static string CoreFileNoteCount(ulong count, uint size) =>
        Format("its NT_FILE note claims {0} mappings, more than its {1} bytes can hold.", count, size);

    public static string CoreFileNoteNames(ulong index, ulong count) =>
        Format("its NT_FILE note has no path for mapping {0} of {1} (the paths run past the note, or one is longer than any path).", index, count);

    public static string CoreFileNoteOrder(ulong index, ulong start, ulong end) =>
        Format("NT_FILE mapping {0} (0x{1:x}-0x{2:x}) is empty or not above the mapping before it.", index, start, end);

    public static string CoreFileNoteOffset(ulong index, ulong fileOffset, ulong pageSize) =>
        Format("NT_FILE mapping {0} has a file offset of {1} pages of {2} bytes, which overflows 64 bits.", index, fileOffset, pageSize);

    public static string CoreSegmentOrder(ulong index, ulong address, ulong size) =>
        Format("program header {0} (PT_LOAD at 0x{1:x}, 0x{2:x} bytes) runs past the end of the address space.", index, address, size);

    public static string CoreSegmentOverlap(ulong index, ulong address, ulong size) =>
        Format("program header {0} (PT_LOAD at 0x{1:x}, 0x{2:x} bytes) overlaps another PT_LOAD: two segments claim the same addresses.", index, address, size);
    public static string InvalidAddressRange(ulong start, ulong end) =>
        Format("The address range 0x{0:x}-0x{1:x} is empty: the start address must be below the end address.", start, end);

    public static string AddressWithRange() =>
        "-Address names the one run that holds an address; it cannot be combined with -StartAddress or -EndAddress.";

    public static string AddressNotMapped(int processId, ulong address, VmRegion? below, VmRegion? above) => (below, above) switch
    {
        (VmRegion b, VmRegion a) => Format("Address 0x{0:x} is in no mapping of process {1}: it lies between {2} below and {3} above.", address, processId, Describe(b), Describe(a)),
        (null, VmRegion a) => Format("Address 0x{0:x} is in no mapping of process {1}: the nearest mapping lies above it ({2}); none lies below.", address, processId, Describe(a)),
        (VmRegion b, null) => Format("Address 0x{0:x} is in no mapping of process {1}: the nearest mapping lies below it ({2}); none lies above.", address, processId, Describe(b)),
        _ => Format("Address 0x{0:x} is in no mapping of process {1}.", address, processId),
    };

    // A mapping as a maps line shows it, with 0x addresses: 0x400000-0x41f000 r--p /usr/bin/python3.11.
    private static string Describe(VmRegion region) =>
        Format("0x{0:x}-0x{1:x} {2} {3}", region.Start, region.End, region.Permissions, region.Mapping);

    public static string AddressNotMappedAction(int processId) =>
        Format("Get-VmMap -Id {0} lists the address ranges the process has mapped.", processId);

    public static string NotAnAddress(object? value) =>
        Format("'{0}' is not an address: give a 0x-prefixed hex number such as 0x7ffd1000 (up to 0xffffffffffffffff) or a decimal number.", value ?? "(null)");

    public static string FramesHidden() =>
        "Physical frame numbers are hidden: since Linux 4.2 /proc/PID/pagemap shows them only to a reader with CAP_SYS_ADMIN, "
        + "so PhysicalStart, SwapType and SwapOffset are empty and runs are split by page state and pagemap bits only.";

    public static string PageFlagsUnreadable(string reason) =>
        Format("PageFlags and MapCount are empty: {0}", reason);

    public static string KpageFilesUnreadable(string path, string detail) =>
        Format("{0} cannot be read ({1}); /proc/kpageflags and /proc/kpagecount are readable by root only.", path, detail);

    public static string PageFlagsNeedFrames() =>
        "/proc/kpageflags is indexed by physical frame number, and the kernel hides frame numbers from this reader.";

    public static string ScanUsed(string path) =>
        Format("Reading {0} only where the PAGEMAP_SCAN ioctl finds populated pages.", path);

    public static string ScanDisabled(string path, string variable) =>
        Format("Reading {0} page by page: PAGEMAP_SCAN is disabled by {1}=1.", path, variable);

    public static string ScanUnsupported(string path, string detail) =>
        Format("Reading {0} page by page: this kernel has no PAGEMAP_SCAN ioctl (Linux 6.7+): {1}.", path, detail);
    public const string CannotList = "the directory cannot be listed.";

    public static string UnknownUser(string user) =>
        Format("The user \"{0}\" does not exist in the user database; give a user name or a numeric user id.", user);

    public static string UnknownTty(string tty) =>
        Format("\"{0}\" is not a terminal: give a name under /dev such as pts/3, /dev/pts/3 or tty1, or a TtyDevice number.", tty);

    public static string ProcessNameNotFound(string name) =>
        Format("Cannot find a process with the name \"{0}\". Verify the process name and call the cmdlet again.", name);

    public static string InvalidNamePattern(string pattern) =>
        Format("\"{0}\" is not a valid wildcard pattern: a '[' opens a set of characters that a ']' must close; write `[ for a literal bracket.", pattern);

    public const string ProcessObjectWithoutProcess =
        "The Process object stands for no process: it was created without starting one, or it was disposed. Pass a process from Get-Process, or an -Id.";

    // Get-KvmProcess -IncludeMemory, Measure-VmMap and Compare-VmMap.

    public static string MemoryAccessDenied(int count) =>
        Format("The memory figures (Pss, Uss, Swap, Locked, ...) of {0} {1} are empty: the kernel shows /proc/PID/smaps_rollup only to a reader with ptrace read access to the process (PTRACE_MODE_READ: its owner, or root with CAP_SYS_PTRACE).",
            count, count == 1 ? "process" : "processes");

    public static string MemoryUnreadable(int count, string reason) =>
        Format("The memory figures of {0} {1} are empty: {2}", count, count == 1 ? "process" : "processes", reason);

    public static string RegionsOfDifferentProcesses(string referenceIds, string differenceIds) =>
        Format("The reference regions belong to process {0} and the difference regions to process {1}: Compare-VmMap compares one process at two moments. To compare different processes by address on purpose, add -IgnoreProcessId.", referenceIds, differenceIds);

    public static string NotAVmRegion(string typeName) =>
        Format("A {0} is not a VM region: Compare-VmMap compares the ProcMap.VmRegion objects Get-VmMap writes (live, -Detailed or -CorePath).", typeName);

    private static string Format(string format, params object[] args) =>
        string.Format(CultureInfo.InvariantCulture, format, args);
}
