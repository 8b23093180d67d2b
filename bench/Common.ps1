# Shared pieces of the benchmarks: compiling helper subjects, timing, and the result rows.

$script:BenchOut = Join-Path $PSScriptRoot '../out/bench'

# Compiles bench/helpers/NAME.c with gcc into out/bench/NAME (once per build) and returns its path.
function Get-BenchHelper {
    param([Parameter(Mandatory)] [string] $Name)
    $null = New-Item -ItemType Directory -Force $script:BenchOut
    $source = Join-Path $PSScriptRoot "helpers/$Name.c"
    $binary = Join-Path $script:BenchOut $Name
    if (-not (Test-Path $binary) -or (Get-Item $source).LastWriteTimeUtc -gt (Get-Item $binary).LastWriteTimeUtc) {
        & gcc -O2 -o $binary $source
        if ($LASTEXITCODE -ne 0) { throw "gcc failed on $source" }
    }
    $binary
}

# Starts a helper that prints "ready" once set up; returns the process.
function Start-BenchHelper {
    param([Parameter(Mandatory)] [string] $Name, [string[]] $ArgumentList = @())
    $info = [Diagnostics.ProcessStartInfo]::new((Get-BenchHelper $Name))
    foreach ($argument in $ArgumentList) { $info.ArgumentList.Add($argument) }
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = $true
    $process = [Diagnostics.Process]::Start($info)
    $line = $process.StandardOutput.ReadLine()
    if ($line -ne 'ready') { $process.Kill(); throw "$Name did not start: $line" }
    $process
}

# The yardsticks (read(2) and pread(2) loops) and the clocks, compiled once into this session.
if (-not ('BenchNative' -as [type])) {
    Add-Type -Path (Join-Path $PSScriptRoot 'helpers/BenchNative.cs') -CompilerOptions '-unsafe'
}

# Times every script of $Scripts (an ordered name -> scriptblock table) $Runs times after $Warmup untimed
# runs each. The scripts take turns (round i starts with the i-th, so none always runs first after a
# collection), so both sides of a ratio are measured in the same minutes of a shared machine. Each run is
# preceded by a full collection. Returns name -> figures: the medians of CPU and wall time, their maximums
# and every sample. CPU time is what the bars use: see README.md, "Method". Its own variables start
# with mi, so they never hide a variable of the caller's that a timed script uses (dynamic scope).
function Measure-Interleaved {
    param([Parameter(Mandatory)] [Collections.IDictionary] $Scripts, [int] $Runs = 11, [int] $Warmup = 3)
    $miNames = @($Scripts.Keys)
    foreach ($miName in $miNames) {
        for ($miI = 0; $miI -lt $Warmup; $miI++) { $null = & $Scripts[$miName] }
    }
    $miSamples = @{}
    foreach ($miName in $miNames) { $miSamples[$miName] = [Collections.Generic.List[object]]::new() }
    $miClock = [BenchClock]::new()
    for ($miRound = 0; $miRound -lt $Runs; $miRound++) {
        for ($miK = 0; $miK -lt $miNames.Count; $miK++) {
            $miName = $miNames[($miRound + $miK) % $miNames.Count]
            $miScript = $Scripts[$miName]
            [GC]::Collect()
            [GC]::WaitForPendingFinalizers()
            $miClock.Start()
            $null = & $miScript
            $miClock.Stop()
            $miSamples[$miName].Add([pscustomobject]@{ Cpu = $miClock.CpuMilliseconds; Wall = $miClock.WallMilliseconds })
        }
    }
    $miFigures = [ordered]@{}
    foreach ($miName in $miNames) {
        $miCpu = @($miSamples[$miName].Cpu | Sort-Object)
        $miWall = @($miSamples[$miName].Wall | Sort-Object)
        $miFigures[$miName] = [pscustomobject]@{
            Name    = $miName
            Cpu     = $miCpu[[math]::Floor($Runs / 2)]
            Wall    = $miWall[[math]::Floor($Runs / 2)]
            CpuMax  = $miCpu[-1]
            WallMax = $miWall[-1]
            Samples = $miSamples[$miName]
        }
    }
    $miFigures
}

# The figures of one script alone (see Measure-Interleaved).
function Measure-Once {
    param([Parameter(Mandatory)] [scriptblock] $Script, [int] $Runs = 5, [int] $Warmup = 1)
    (Measure-Interleaved -Scripts ([ordered]@{ only = $Script }) -Runs $Runs -Warmup $Warmup)['only']
}

# Load average and CPU pressure now, for the report: how busy the shared machine was.
function Get-MachineLoad {
    $load = (Get-Content /proc/loadavg -Raw).Split(' ')[0..2] -join ' '
    $pressure = if (Test-Path /proc/pressure/cpu) { ((Get-Content /proc/pressure/cpu)[0] -split ' ')[1] } else { 'n/a' }
    "load $load, cpu pressure $pressure"
}

# One row of the report: a measure against its baseline. The ratio, and the bar, are CPU time (the call's
# work, wherever the machine's other users put it in wall time); wall times and their ratio are shown beside.
# -Unit other than ms gives a row of plain values (Value, BaselineValue), such as KiB allocated. -WallTime
# makes the wall time the bar's figure, for work this process's CPU clock cannot see (other processes'
# that it does not wait for, such as a remoting host's pwsh).
function New-BenchResult {
    param(
        [Parameter(Mandatory)] [string] $Name,
        [object] $Figures,
        [Parameter(Mandatory)] [string] $Baseline,
        [object] $BaselineFigures,
        [double] $Bar,
        [double] $Value,
        [double] $BaselineValue,
        [string] $Unit = 'ms',
        [switch] $WallTime
    )
    if ($Unit -eq 'ms') {
        $clock = if ($WallTime) { 'Wall' } else { 'Cpu' }
        $Value = $Figures.$clock
        $BaselineValue = $BaselineFigures.$clock
        $wall = [math]::Round($Figures.Wall, 1)
        $baseWall = [math]::Round($BaselineFigures.Wall, 1)
        $wallRatio = [math]::Round($Figures.Wall / $BaselineFigures.Wall, 3)
    }
    else {
        $wall = $baseWall = $wallRatio = $null
    }
    $ratio = $Value / $BaselineValue
    [pscustomobject]@{
        Benchmark  = $Name
        Value      = "{0:0.0} {1}" -f $Value, $(if ($Unit -ne 'ms') { $Unit } elseif ($WallTime) { 'wall' } else { 'cpu' })
        'wall ms'  = $wall
        Baseline   = $Baseline
        'base'     = "{0:0.0} {1}" -f $BaselineValue, $(if ($Unit -ne 'ms') { $Unit } elseif ($WallTime) { 'wall' } else { 'cpu' })
        'base wall'= $baseWall
        Ratio      = [math]::Round($ratio, 3)
        'wall ratio' = $wallRatio
        Bar        = if ($Bar -gt 0) { "<= $Bar" } else { 'recorded' }
        Result     = if ($Bar -le 0) { 'recorded' } elseif ($ratio -le $Bar) { 'PASS' } else { 'MISS' }
    }
}

# The spread bar: the slowest of a call's runs against the median of the same runs (CPU time).
function New-SpreadResult {
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [object] $Figures, [double] $Bar)
    $spread = [pscustomobject]@{ Cpu = $Figures.CpuMax; Wall = $Figures.WallMax }
    $median = [pscustomobject]@{ Cpu = $Figures.Cpu; Wall = $Figures.Wall }
    $row = New-BenchResult -Name "$Name, slowest of $($Figures.Samples.Count)" -Figures $spread -Baseline 'its median' -BaselineFigures $median -Bar $Bar
    $row
}
