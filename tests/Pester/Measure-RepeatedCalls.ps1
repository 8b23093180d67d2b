<#
.SYNOPSIS
    Runs ProcMap calls over and over in this pwsh session and reports what the session holds before and
    after: open file descriptors (/proc/self/fd) and memory (working set, GC heap). Stress.Tests.ps1 starts
    it in a fresh pwsh, so the figures are ProcMap's alone, not those of the Pester run around it.
.DESCRIPTION
    The calls cycle through every cmdlet: whole reads, reads a downstream Select-Object stops early,
    reads stopped from outside (PowerShell.Stop, what Ctrl+C does) and calls that fail (missing process,
    bad argument, a FIFO or a directory as a core file). After -WarmUp calls (JIT, caches, type data) the
    first figures are taken; -MemoryCalls calls later the memory figures again; after half of -Calls and
    after -Calls calls in all the descriptor figures again. Descriptors of assemblies the runtime has loaded
    are counted apart: it opens each assembly it maps on first use and holds it for the life of the
    process, which is loading, not a leak. Writes one JSON object.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [int] $SubjectId,
    [Parameter(Mandatory)] [int] $ManyMappingsId,
    [Parameter(Mandatory)] [string] $CorePath,
    [Parameter(Mandatory)] [string] $FifoPath,
    [int] $Calls = 10000,
    [int] $MemoryCalls = 1000,
    [int] $WarmUp = 500
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $ModulePath 'ProcMap.psd1')
# Wait-DataAdded, for the calls stopped from outside.
Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')

# Each open descriptor and what it points at, as readlink(2) gives it ("pipe:[123]" for a pipe). One that
# is gone by the time its link is read was open for a moment only (a call on another runspace of this
# session closing its file as it winds down after Stop()): not held, so not counted.
function Get-FdTargets {
    foreach ($fd in [IO.Directory]::GetFiles('/proc/self/fd')) {
        $target = try { [IO.FileInfo]::new($fd).LinkTarget } catch { $null }
        if ($null -ne $target) { [pscustomobject]@{ Fd = [int][IO.Path]::GetFileName($fd); Target = $target } }
    }
}

# The descriptors this session holds for its own work (the .NET runtime, the terminal), counted without
# the one GetFiles itself holds open on /proc/self/fd while it lists: Descriptors, and apart from them
# Assemblies, those of assemblies the runtime has loaded (matched by path, or by file name where a link
# in the path makes the two differ).
function Get-FdSnapshot {
    $loaded = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { -not $_.IsDynamic -and $_.Location } | ForEach-Object Location)
    $paths = [Collections.Generic.HashSet[string]]::new([string[]]$loaded)
    $names = [Collections.Generic.HashSet[string]]::new([string[]]@($loaded | ForEach-Object { [IO.Path]::GetFileName($_) }))
    $all = @(Get-FdTargets | Where-Object { $_.Target -notmatch '^/proc/\d+/fd$' })
    $isAssembly = { param($fd) $paths.Contains($fd.Target) -or ($fd.Target.EndsWith('.dll') -and $names.Contains([IO.Path]::GetFileName($fd.Target))) }
    [pscustomobject]@{
        Descriptors = @($all | Where-Object { -not (& $isAssembly $_) })
        Assemblies  = @($all | Where-Object { & $isAssembly $_ })
    }
}

function Get-MemorySnapshot {
    # Errors the calls wrote are kept in $Error (up to $MaximumErrorCount): the session's history, not
    # ProcMap's memory. Then two full collections, so only what is still referenced is counted.
    $global:Error.Clear()
    [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
    $self = [Diagnostics.Process]::GetCurrentProcess()
    [pscustomobject]@{
        WorkingSet = $self.WorkingSet64
        GcHeap     = [GC]::GetTotalMemory($true)
    }
}

$page = 0x1000
$heap = (Get-VmMap -Id $SubjectId | Where-Object Kind -NE Vsyscall | Select-Object -First 1).Start
$runspace = [runspacefactory]::CreateRunspace()
$runspace.Open()
$stopper = [powershell]::Create($runspace)
$null = $stopper.AddScript("Import-Module '$(Join-Path $ModulePath 'ProcMap.psd1')'").Invoke()
$stopper.Dispose()

# A long call on another runspace of this session (the 60,000 mappings with smaps, ten times over: seconds
# of work on any machine), stopped once it has written its first object (its DataAdded event, not a sleep).
$stopCall = {
    $ps = [powershell]::Create($runspace)
    try {
        $null = $ps.AddScript("Get-VmMap -Id (@($ManyMappingsId) * 10) -Detailed")
        $output = [Management.Automation.PSDataCollection[psobject]]::new()
        $async = $ps.BeginInvoke([Management.Automation.PSDataCollection[psobject]]$null, $output)
        $null = Wait-DataAdded -Collection $output -Invocation $async
        $ps.Stop()
        if ($ps.InvocationStateInfo.State -ne 'Stopped') { throw "the stopped call ended $($ps.InvocationStateInfo.State)" }
    }
    finally { $ps.Dispose() }
}

$work = @(
    { Get-VmMap -Id $SubjectId }
    { Get-VmMap -Id $SubjectId -Detailed | Select-Object -First 1 }
    { Get-VmMap -Id $ManyMappingsId | Select-Object -First 1 }
    { Get-VmMap -Id 2147483647 }
    { Get-ProcessArgs -Id $SubjectId -Environment }
    { Get-ProcessArgs -Id 0 }
    { Get-KvmProcess -Id $SubjectId -IncludeThreads -IncludeWaitChannel }
    { Get-KvmProcess | Select-Object -First 3 }
    { Get-KvmProcess -Name 'no-such-command-here' }
    { Get-PhysicalRegion -Id $SubjectId }
    { Get-PhysicalRegion -Id $ManyMappingsId -PageFlags | Select-Object -First 1 }
    { Get-PhysicalRegion -Id $SubjectId -Address $heap }
    { Get-PhysicalRegion -Id $SubjectId -StartAddress $page -EndAddress $page }
    { Get-VmMap -CorePath $CorePath | Select-Object -First 1 }
    { Get-ProcessArgs -CorePath $CorePath -Environment }
    { Get-KvmProcess -CorePath $CorePath -IncludeThreads }
    { Get-VmMap -CorePath $FifoPath }
    { Get-ProcessArgs -CorePath '/' }
)

$records = @{}
$objects = 0L
$stopped = 0
function Invoke-Call([int] $n) {
    if ($n % 100 -eq 99) {
        & $stopCall
        $script:stopped++
        return
    }
    $all = try { @(& $work[$n % $work.Count] 2>&1) } catch { @($_) }
    foreach ($item in $all) {
        if ($item -is [Management.Automation.ErrorRecord]) { $records[$item.FullyQualifiedErrorId.Split(',')[0]] += 1 }
        else { $script:objects++ }
    }
}

# Error records are counted, not stopped on: they are part of what is repeated.
$ErrorActionPreference = 'Continue'
$clock = [Diagnostics.Stopwatch]::StartNew()
for ($n = 0; $n -lt $WarmUp; $n++) { Invoke-Call $n }
$records.Clear()
$stopped = 0
$objects = 0L
$fdBefore = Get-FdSnapshot
$memoryBefore = Get-MemorySnapshot
for ($n = 0; $n -lt $MemoryCalls; $n++) { Invoke-Call $n }
$memoryAfter = Get-MemorySnapshot
$middleCalls = [math]::Max($MemoryCalls, [math]::Floor($Calls / 2))
for (; $n -lt $middleCalls; $n++) { Invoke-Call $n }
$fdMiddle = Get-FdSnapshot
for (; $n -lt $Calls; $n++) { Invoke-Call $n }
# Counted before any collection: a descriptor that only a finalizer would close is a leak too.
$fdAfter = Get-FdSnapshot
$memoryEnd = Get-MemorySnapshot
$fdAfterCollection = Get-FdSnapshot
$runspace.Dispose()

[pscustomobject]@{
    Calls              = $n
    StoppedCalls       = $stopped
    Objects            = $objects
    Seconds            = [math]::Round($clock.Elapsed.TotalSeconds, 1)
    Records            = $records
    MiddleCalls        = $middleCalls
    FdBefore           = $fdBefore.Descriptors.Count
    FdMiddle           = $fdMiddle.Descriptors.Count
    FdAfter            = $fdAfter.Descriptors.Count
    FdAfterCollection  = $fdAfterCollection.Descriptors.Count
    FdNew              = @($fdAfter.Descriptors | Where-Object { $_.Fd -notin $fdBefore.Descriptors.Fd -or ($fdBefore.Descriptors | Where-Object Fd -EQ $_.Fd).Target -ne $_.Target } | ForEach-Object { "$($_.Fd) -> $($_.Target)" })
    AssemblyFdBefore   = $fdBefore.Assemblies.Count
    AssemblyFdAfter    = $fdAfterCollection.Assemblies.Count
    AssembliesLoaded   = @($fdAfterCollection.Assemblies.Target | Where-Object { $_ -notin $fdBefore.Assemblies.Target } | Sort-Object -Unique | ForEach-Object { [IO.Path]::GetFileName($_) })
    WorkingSetBefore   = $memoryBefore.WorkingSet
    WorkingSetAfter    = $memoryAfter.WorkingSet
    WorkingSetEnd      = $memoryEnd.WorkingSet
    GcHeapBefore       = $memoryBefore.GcHeap
    GcHeapAfter        = $memoryAfter.GcHeap
    GcHeapEnd          = $memoryEnd.GcHeap
} | ConvertTo-Json -Depth 3 -Compress
