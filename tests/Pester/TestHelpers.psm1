# Shared helpers for the Pester suite: import the built module, start and stop subject processes.

function Import-ProcMapUnderTest {
    $path = if ($env:PROCMAP_MODULE_PATH) { $env:PROCMAP_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/ProcMap' }
    Import-Module (Join-Path $path 'ProcMap.psd1') -Force -Global
}

# Starts a program as a subject and waits until it sleeps in its final system call (Wait-Asleep), so its
# maps, cmdline, environ and state are final. -Name is the command it ends up as (comm: setpriv ends up as
# the sleep it runs); -WaitChannel the kernel function it sleeps in (sleep(1) ends in nanosleep).
function Start-Subject {
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @(), [string] $Name = '', [string] $WaitChannel = '*nanosleep*')
    $info = [Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($argument in $ArgumentList) { $info.ArgumentList.Add($argument) }
    $info.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($info)
    if (-not $Name) { $Name = [IO.Path]::GetFileName($FilePath) }
    try { Wait-Asleep -Id $process.Id -Name $Name -WaitChannel $WaitChannel }
    catch { Stop-Subject $process; throw }
    $process
}

# Whether process $Id has exec'd $Name (its comm, at most 15 bytes; any name when empty) and every one of its
# tasks is asleep (state S) in a kernel function that matches $WaitChannel (a wildcard; /proc/PID/wchan).
# Both are needed: comm changes early in execve, before the new arguments and environment are in place, and a
# task sleeps for other reasons on its way to the system call it ends in.
function Test-Asleep {
    param([Parameter(Mandatory)] [int] $Id, [string] $Name = '', [string] $WaitChannel = '*')
    try {
        if ($Name) {
            $comm = [Text.Encoding]::UTF8.GetBytes($Name)
            $expected = [Text.Encoding]::UTF8.GetString($comm, 0, [Math]::Min(15, $comm.Length))
            if ([IO.File]::ReadAllText("/proc/$Id/comm").TrimEnd("`n") -cne $expected) { return $false }
        }
        foreach ($task in [IO.Directory]::GetDirectories("/proc/$Id/task")) {
            $stat = [IO.File]::ReadAllText("$task/stat")
            if ($stat[$stat.LastIndexOf(')') + 2] -cne 'S') { return $false }
            # "0" is the kernel's answer for a task that is running after all (it woke since its stat was read).
            $wchan = [IO.File]::ReadAllText("$task/wchan")
            if ($wchan -eq '0' -or $wchan -notlike $WaitChannel) { return $false }
        }
        $true
    }
    catch { $false }
}

# Waits until Test-Asleep holds for process $Id; fails at once if the process exits (or is a zombie) first.
# The timeout only guards against a hang.
function Wait-Asleep {
    param([Parameter(Mandatory)] [int] $Id, [string] $Name = '', [string] $WaitChannel = '*', [double] $TimeoutSeconds = 60)
    Wait-Until -TimeoutSeconds $TimeoutSeconds -What "process $Id$(if ($Name) { " ($Name)" }) to sleep in its final system call ($WaitChannel)" {
        $stat = try { [IO.File]::ReadAllText("/proc/$Id/stat") } catch { '' }
        if (-not $stat -or $stat[$stat.LastIndexOf(')') + 2] -ceq 'Z') { throw "Process $Id ($Name) exited before it was asleep." }
        Test-Asleep -Id $Id -Name $Name -WaitChannel $WaitChannel
    }
}

function Stop-Subject {
    param([Diagnostics.Process] $Process)
    if ($Process -and -not $Process.HasExited) { $Process.Kill(); $Process.WaitForExit() }
}

# Starts a program with its standard input and output redirected (stdin stays open and empty, so
# helpers that read it keep running until it closes). With -WaitForReady, waits for the line "ready"
# that the C helpers in tests/helpers print once set up; the lines before it are in OutputLines.
function Start-PipedSubject {
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @(), [switch] $WaitForReady)
    $info = [Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($argument in $ArgumentList) { $info.ArgumentList.Add($argument) }
    $info.UseShellExecute = $false
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $process = [Diagnostics.Process]::Start($info)
    if ($WaitForReady) {
        $lines = @()
        while (($line = $process.StandardOutput.ReadLine()) -ne 'ready') {
            if ($null -eq $line) { Stop-Subject $process; throw "$FilePath exited before it was ready: $($lines -join ' ')" }
            $lines += $line
        }
        $process | Add-Member -NotePropertyName OutputLines -NotePropertyValue $lines
    }
    $process
}

# Starts tests/helpers/NAME.c (compiled by Get-TestHelper) and waits for "ready". Lines it printed before
# of the form "NAME 0xSTART 0xEND" become Areas.NAME = @{ Start; End } (UInt64).
function Start-HelperSubject {
    param([Parameter(Mandatory)] [string] $Name, [string[]] $ArgumentList = @())
    $process = Start-PipedSubject -FilePath (Get-TestHelper -Name $Name) -ArgumentList $ArgumentList -WaitForReady
    $areas = @{}
    foreach ($line in $process.OutputLines) {
        $fields = $line.Split(' ')
        $areas[$fields[0]] = [pscustomobject]@{ Start = [Convert]::ToUInt64($fields[1].Substring(2), 16); End = [Convert]::ToUInt64($fields[2].Substring(2), 16) }
    }
    [pscustomobject]@{ Process = $process; Id = $process.Id; Areas = $areas }
}

# The maps line as "start-end perms offset dev inode name" with single spaces, as ProcMap renders it.
function ConvertTo-CanonicalMapsLine {
    param([string] $Line)
    $fields = $Line.Split(' ', 6)
    $name = if ($fields.Count -gt 5) { $fields[5].TrimStart(' ') } else { '' }
    ('{0} {1} {2} {3} {4} {5}' -f $fields[0], $fields[1], $fields[2], $fields[3], $fields[4], $name).TrimEnd()
}

function ConvertTo-RenderedRegion {
    param($Region)
    $name = if ($Region.Kind -eq 'Anonymous') { '' } else { $Region.Mapping.Replace("`n", '\012') }
    ('{0:x8}-{1:x8} {2} {3:x8} {4} {5} {6}' -f $Region.Start, $Region.End, $Region.Permissions, $Region.Offset,
        $Region.Device, $Region.Inode, $name).TrimEnd()
}

# Compiles tests/helpers/NAME.c with gcc (once per Pester run) and returns the binary's path. The
# binaries live under /tmp so the unprivileged tests (uid 65534) can run them too.
function Get-TestHelper {
    param([Parameter(Mandatory)] [string] $Name, [string[]] $CompilerArguments = @())
    $runner = if ($env:PROCMAP_PESTER_RUNNER_PID) { $env:PROCMAP_PESTER_RUNNER_PID } else { $PID }
    $dir = "/tmp/procmap-helpers-$runner"
    $binary = Join-Path $dir $Name
    if (-not (Test-Path $binary)) {
        $null = New-Item -ItemType Directory -Force $dir
        & gcc -O1 -Wall -o $binary (Join-Path $PSScriptRoot "../helpers/$Name.c") @CompilerArguments
        if ($LASTEXITCODE -ne 0) { throw "gcc could not build tests/helpers/$Name.c" }
        & chmod -R a+rX $dir
    }
    $binary
}

# A copy of pwsh and the built module that uid 65534 (nobody) can read: pwsh's own files sit under
# /root/.nuget, which other users cannot enter. One copy per Pester run (keyed by the runner's pid);
# tools/Invoke-PesterRun.ps1 removes it when the run ends.
function Get-UnprivilegedRoot {
    $runner = if ($env:PROCMAP_PESTER_RUNNER_PID) { $env:PROCMAP_PESTER_RUNNER_PID } else { $PID }
    $root = "/tmp/procmap-nobody-$runner"
    if (-not (Test-Path "$root/ready")) {
        $null = New-Item -ItemType Directory -Force "$root/pwsh", "$root/home"
        Copy-Item -Recurse -Force "$PSHOME/*" "$root/pwsh"
        $module = if ($env:PROCMAP_MODULE_PATH) { $env:PROCMAP_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/ProcMap' }
        Copy-Item -Recurse -Force $module "$root/ProcMap"
        # These helpers too, so a script run as nobody waits for its own subjects as the tests do (Wait-Asleep).
        Copy-Item -Force (Join-Path $PSScriptRoot 'TestHelpers.psm1') "$root/TestHelpers.psm1"
        & chmod -R a+rX $root
        & chown -R 65534:65534 "$root/home"
        $null = New-Item -ItemType File "$root/ready"
    }
    $root
}

# Runs $Script in a fresh pwsh as uid/gid 65534 with ProcMap and these helpers imported. Returns an object with
# Output (the objects it wrote, deserialized), Errors (FullyQualifiedErrorId, Category, TargetObject,
# Message) and Warnings (messages). Proves unprivileged behaviour with the real kernel, not a mock.
# With -Hidepid the pwsh runs in a private mount namespace whose /proc is a new procfs mounted with
# hidepid=noaccess or invisible (Linux 5.8+: every procfs mount has its own options), so the hiding is
# real and the host's /proc is untouched.
function Invoke-AsNobody {
    param([Parameter(Mandatory)] [string] $Script, [ValidateSet('', 'noaccess', 'invisible')] [string] $Hidepid = '')
    $root = Get-UnprivilegedRoot
    $work = Join-Path $root ("run-" + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory $work
    $output = Join-Path $work 'output.xml'
    Set-Content -Path (Join-Path $work 'script.ps1') -Value @"
`$ErrorActionPreference = 'Continue'
Import-Module '$root/ProcMap/ProcMap.psd1'
Import-Module '$root/TestHelpers.psm1'
`$all = @(& { $Script } 2>&1 3>&1)
[pscustomobject]@{
    Output   = @(`$all | Where-Object { `$_ -isnot [Management.Automation.ErrorRecord] -and `$_ -isnot [Management.Automation.WarningRecord] })
    Errors   = @(`$all | Where-Object { `$_ -is [Management.Automation.ErrorRecord] } | ForEach-Object {
        [pscustomobject]@{ FullyQualifiedErrorId = `$_.FullyQualifiedErrorId; Category = [string]`$_.CategoryInfo.Category
                           TargetObject = `$_.TargetObject; Message = `$_.Exception.Message } })
    Warnings = @(`$all | Where-Object { `$_ -is [Management.Automation.WarningRecord] } | ForEach-Object Message)
} | Export-Clixml -Path '$output' -Depth 4
"@
    & chmod -R a+rwX $work
    $dotnet = if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { [Environment]::ProcessPath } else { 'dotnet' }
    $asNobody = @('setpriv', '--reuid', '65534', '--regid', '65534', '--clear-groups', '--', 'env', "HOME=$root/home",
        "XDG_CACHE_HOME=$root/home/.cache", "XDG_DATA_HOME=$root/home/.local/share", 'DOTNET_CLI_TELEMETRY_OPTOUT=1',
        $dotnet, "$root/pwsh/pwsh.dll", '-NoProfile', '-NonInteractive', '-File', (Join-Path $work 'script.ps1'))
    $log = if ($Hidepid) {
        & unshare -m -- sh -c "mount -t proc -o hidepid=$Hidepid proc /proc && exec `"`$@`"" sh @asNobody 2>&1
    }
    else {
        & $asNobody[0] $asNobody[1..($asNobody.Count - 1)] 2>&1
    }
    if (-not (Test-Path $output)) { throw "The unprivileged pwsh$(if ($Hidepid) { " under hidepid=$Hidepid" }) wrote nothing: $log" }
    Import-Clixml -Path $output
    Remove-Item -Recurse -Force $work
}

# The NUL-terminated strings of a /proc file (cmdline, environ) as the kernel holds them, decoded as UTF-8.
function Read-ProcStrings {
    param([Parameter(Mandatory)] [string] $Path)
    $bytes = [IO.File]::ReadAllBytes($Path)
    $strings = [Collections.Generic.List[string]]::new()
    $start = 0
    for ($i = 0; $i -lt $bytes.Length; $i++) {
        if ($bytes[$i] -eq 0) { $strings.Add([Text.Encoding]::UTF8.GetString($bytes, $start, $i - $start)); $start = $i + 1 }
    }
    if ($start -lt $bytes.Length) { $strings.Add([Text.Encoding]::UTF8.GetString($bytes, $start, $bytes.Length - $start)) }
    , $strings.ToArray()
}

# Reads /proc/PID/pagemap entries for $Count pages from $Start with a plain FileStream: the independent
# read the Get-PhysicalRegion tests compare against.
function Read-PagemapEntries {
    param([Parameter(Mandatory)] [int] $ProcessId, [Parameter(Mandatory)] [uint64] $Start, [Parameter(Mandatory)] [int] $Count)
    $stream = [IO.FileStream]::new("/proc/$ProcessId/pagemap", 'Open', 'Read', 'ReadWrite', 1)
    try {
        $stream.Position = [long]($Start / 4096) * 8
        $bytes = [byte[]]::new($Count * 8)
        $stream.ReadExactly($bytes)
        $entries = [uint64[]]::new($Count)
        [Buffer]::BlockCopy($bytes, 0, $entries, 0, $bytes.Length)
        , $entries
    }
    finally { $stream.Dispose() }
}

# The Rss (bytes) smaps gives for the mapping that starts at $Start.
function Get-SmapsRss {
    param([Parameter(Mandatory)] [int] $ProcessId, [Parameter(Mandatory)] [uint64] $Start)
    $header = '{0:x}-' -f $Start
    $inMapping = $false
    foreach ($line in [IO.File]::ReadAllLines("/proc/$ProcessId/smaps")) {
        if ($line -match '^[0-9a-f]+-[0-9a-f]+ ') { $inMapping = $line.StartsWith($header) }
        elseif ($inMapping -and $line.StartsWith('Rss:')) { return [uint64]($line -replace '\D', '') * 1024 }
    }
    throw "no smaps record starts at $header"
}

# --- Get-KvmProcess ---

# Polls $Condition every 20 ms until it is true; throws after $TimeoutSeconds, which only guards against a hang:
# the condition, never the time, decides.
function Wait-Until {
    param([Parameter(Mandatory)] [scriptblock] $Condition, [double] $TimeoutSeconds = 60, [string] $What = 'the condition')
    $clock = [Diagnostics.Stopwatch]::StartNew()
    while (-not (& $Condition)) {
        if ($clock.Elapsed.TotalSeconds -gt $TimeoutSeconds) { throw "Timed out waiting for $What." }
        Start-Sleep -Milliseconds 20
    }
}

# The process table read straight from /proc with plain string handling, independent of ProcMap:
# pid, comm (first '(' to last ')'), ppid, pgid, sid, tty_nr (stat) and real/effective uid (status).
# With -Id only those processes (the ones that exist), else every process.
function Get-ProcTable {
    param([int[]] $Id)
    $dirs = if ($PSBoundParameters.ContainsKey('Id')) { $Id | ForEach-Object { "/proc/$_" } } else { [IO.Directory]::GetDirectories('/proc') }
    foreach ($dir in $dirs) {
        $name = [IO.Path]::GetFileName($dir)
        if ($name -notmatch '^\d+$') { continue }
        try {
            $stat = [IO.File]::ReadAllText("$dir/stat")
            $uid = @([IO.File]::ReadAllLines("$dir/status") | Where-Object { $_.StartsWith("Uid:`t") })[0].Split("`t")
        }
        catch { continue }
        $open = $stat.IndexOf('(')
        $close = $stat.LastIndexOf(')')
        $fields = $stat.Substring($close + 2).Split(' ')
        [pscustomobject]@{
            Pid = [int]$name; Comm = $stat.Substring($open + 1, $close - $open - 1); State = $fields[0]
            Ppid = [int]$fields[1]; Pgid = [int]$fields[2]; Sid = [int]$fields[3]; TtyNr = [long]$fields[4]
            Ruid = [uint32]$uid[1]; Euid = [uint32]$uid[2]
        }
    }
}

# Bytes this process has read with read(2) and pread(2) so far (rchar of /proc/self/io, all threads): a
# measure of the work a call did that no machine's speed or load changes.
function Get-ReadBytes {
    foreach ($line in [IO.File]::ReadAllLines('/proc/self/io')) {
        if ($line.StartsWith('rchar:')) { return [long]$line.Substring(6).Trim() }
    }
    throw '/proc/self/io has no rchar line'
}

# Waits until $Collection (a PSDataCollection: a PowerShell's output or one of its streams) holds a record,
# woken by its DataAdded event or by $Invocation's completion, never by polling. Returns $true once there is a
# record, $false when $Invocation completed without one; throws after $TimeoutSeconds, which only guards
# against a hang. The handler is a compiled .NET delegate that sets an event: it runs on the pipeline's
# thread, where no script may, and queues nothing (PowerShell's own eventing, Register-ObjectEvent, keeps
# queueing the events a fast writer raises while it unsubscribes, and those keep the collection alive).
function Wait-DataAdded {
    param([Parameter(Mandatory)] [AllowEmptyCollection()] $Collection, [Parameter(Mandatory)] [IAsyncResult] $Invocation, [double] $TimeoutSeconds = 120)
    if (-not $script:DataAddedHandler) {
        # added => (sender, e) => added.Set()
        $added = [Linq.Expressions.Expression]::Parameter([Threading.ManualResetEventSlim], 'added')
        $parameters = [Linq.Expressions.ParameterExpression[]]@(
            [Linq.Expressions.Expression]::Parameter([object], 'sender'),
            [Linq.Expressions.Expression]::Parameter([Management.Automation.DataAddedEventArgs], 'e'))
        $set = [Linq.Expressions.Expression]::Call($added, [Threading.ManualResetEventSlim].GetMethod('Set', [Type[]]::new(0)))
        $handler = [Linq.Expressions.Expression]::Lambda([EventHandler[Management.Automation.DataAddedEventArgs]], $set, $parameters)
        $script:DataAddedHandler = [Linq.Expressions.Expression]::Lambda(
            [Func[Threading.ManualResetEventSlim, EventHandler[Management.Automation.DataAddedEventArgs]]], $handler,
            [Linq.Expressions.ParameterExpression[]]@($added)).Compile()
    }
    $added = [Threading.ManualResetEventSlim]::new($false)
    $handler = $script:DataAddedHandler.Invoke($added)
    $Collection.add_DataAdded($handler)
    try {
        if ($Collection.Count -gt 0) { return $true }
        $woken = [Threading.WaitHandle]::WaitAny([Threading.WaitHandle[]]@($added.WaitHandle, $Invocation.AsyncWaitHandle), [int]($TimeoutSeconds * 1000))
        if ($woken -eq [Threading.WaitHandle]::WaitTimeout) { throw "Nothing was written in $TimeoutSeconds s." }
        $Collection.Count -gt 0
    }
    finally {
        # Not disposed: a writer may still be running the handler it took before this removal.
        $Collection.remove_DataAdded($handler)
    }
}

# Starts $Script in a runspace of its own, waits until it has written to each of the streams $WaitFor
# ('Output', 'Progress') in turn, then stops it as Ctrl+C does. Returns Finished (the script had ended
# before it could be stopped: the workload was too small to prove anything), StopMilliseconds (how long
# Stop() took), State, Written (objects), Errors (records, and the first one's text as ErrorText) and
# Progress (the first progress record, or $null).
function Invoke-Stopped {
    param([Parameter(Mandatory)] [string] $Script, [ValidateSet('Output', 'Progress')] [string[]] $WaitFor = @('Output'))
    $ps = [powershell]::Create()
    try {
        $null = $ps.AddScript($Script)
        $output = [Management.Automation.PSDataCollection[psobject]]::new()
        $async = $ps.BeginInvoke([Management.Automation.PSDataCollection[psobject]]$null, $output)
        foreach ($stream in $WaitFor) {
            # Assigned, not taken from an if: an if's value would be the collection enumerated.
            $collection = $output
            if ($stream -eq 'Progress') { $collection = $ps.Streams.Progress }
            if (-not (Wait-DataAdded -Collection $collection -Invocation $async)) { break }
        }
        $finished = $async.IsCompleted
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        $watch.Stop()
        # Count and index, never enumerate: a PSDataCollection's enumerator blocks until the invocation ends.
        [pscustomobject]@{
            Finished         = $finished
            StopMilliseconds = $watch.Elapsed.TotalMilliseconds
            State            = $ps.InvocationStateInfo.State
            Written          = $output.Count
            Errors           = $ps.Streams.Error.Count
            ErrorText        = $(if ($ps.Streams.Error.Count) { "$($ps.Streams.Error[0])" })
            Progress         = $(if ($ps.Streams.Progress.Count) { $ps.Streams.Progress[0] })
        }
    }
    finally { $ps.Dispose() }
}

# A real core of the committed fixtures (tests/Unit/Fixtures/cores, gzip-compressed to keep the clone
# small), written out whole to $Destination, which is returned.
function Expand-FixtureCore {
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [string] $Destination)
    $in = [IO.File]::OpenRead((Join-Path $PSScriptRoot "../Unit/Fixtures/cores/$Name/core.gz"))
    try {
        $gzip = [IO.Compression.GZipStream]::new($in, [IO.Compression.CompressionMode]::Decompress)
        $out = [IO.File]::Create($Destination)
        try { $gzip.CopyTo($out) } finally { $out.Dispose(); $gzip.Dispose() }
    }
    finally { $in.Dispose() }
    $Destination
}

# --- Control groups (issue 18) ---

# Makes the cgroup test-procmap.service/$Name and moves $ProcessId into it: on cgroup2 where it is mounted
# (at /sys/fs/cgroup, or beside v1 at /sys/fs/cgroup/unified), in the name=systemd hierarchy otherwise.
# Returns Root (the hierarchy's mount), Path (the group's path as /proc/PID/cgroup prints it) and Directory.
function New-TestControlGroup {
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [int] $ProcessId)
    $root = @('/sys/fs/cgroup', '/sys/fs/cgroup/unified', '/sys/fs/cgroup/systemd') |
        Where-Object { (Test-Path "$_/cgroup.procs") -and ($_ -ne '/sys/fs/cgroup' -or (Test-Path "$_/cgroup.controllers")) } |
        Select-Object -First 1
    $directory = "$root/test-procmap.service/$Name"
    $null = New-Item -ItemType Directory -Force $directory
    [IO.File]::WriteAllText("$directory/cgroup.procs", "$ProcessId")
    [pscustomobject]@{ Root = $root; Path = "/test-procmap.service/$Name"; Directory = $directory }
}

# Removes a group New-TestControlGroup made once its processes are gone, and test-procmap.service when
# no other test run still has a group there.
function Remove-TestControlGroup {
    param($Group)
    if (-not $Group) { return }
    Wait-Until -What 'the test cgroup to empty' { -not (Test-Path $Group.Directory) -or -not ([IO.File]::ReadAllText("$($Group.Directory)/cgroup.procs").Trim()) }
    & rmdir $Group.Directory 2>$null
    & rmdir ([IO.Path]::GetDirectoryName($Group.Directory)) 2>$null
}

Export-ModuleMember -Function *
