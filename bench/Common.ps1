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

# Median wall time in milliseconds of $Runs runs after $Warmup untimed runs.
function Measure-Median {
    param([Parameter(Mandatory)] [scriptblock] $Script, [int] $Runs = 5, [int] $Warmup = 1)
    for ($i = 0; $i -lt $Warmup; $i++) { $null = & $Script }
    $times = for ($i = 0; $i -lt $Runs; $i++) {
        [GC]::Collect()
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $null = & $Script
        $watch.Stop()
        $watch.Elapsed.TotalMilliseconds
    }
    ($times | Sort-Object)[[math]::Floor($Runs / 2)]
}

# Reads a whole file with a 64 KiB buffer and no parsing: the kernel's cost of producing the text.
function Read-RawFile {
    param([Parameter(Mandatory)] [string] $Path)
    $stream = [IO.FileStream]::new($Path, [IO.FileMode]::Open, [IO.FileAccess]::Read, [IO.FileShare]::ReadWrite, 0)
    try {
        $buffer = [byte[]]::new(65536)
        while ($stream.Read($buffer, 0, $buffer.Length) -gt 0) { }
    }
    finally { $stream.Dispose() }
}

# One row of the report: what was measured, against what, and whether the ratio is under its bar.
function New-BenchResult {
    param([string] $Name, [double] $Milliseconds, [string] $Baseline, [double] $BaselineMilliseconds, [double] $Bar)
    $ratio = $Milliseconds / $BaselineMilliseconds
    [pscustomobject]@{
        Benchmark  = $Name
        'ms'       = [math]::Round($Milliseconds, 1)
        Baseline   = $Baseline
        'base ms'  = [math]::Round($BaselineMilliseconds, 1)
        Ratio      = [math]::Round($ratio, 2)
        Bar        = if ($Bar -gt 0) { "<= $Bar" } else { 'recorded' }
        Result     = if ($Bar -le 0) { 'recorded' } elseif ($ratio -le $Bar) { 'PASS' } else { 'MISS' }
    }
}
