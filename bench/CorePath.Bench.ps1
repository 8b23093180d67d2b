# Get-VmMap -CorePath: speed on a core with 60,000 mappings against the live listing of the same process,
# and memory on a 2 GiB core against a small one (a core is read with pread in small windows, never
# loaded or mapped, so its size must not show in what a call allocates). Cores are made with gcore.

$cores = Join-Path ([IO.Path]::GetTempPath()) "procmap-bench-cores-$PID"
$null = New-Item -ItemType Directory -Force $cores

function New-BenchCore {
    param([Diagnostics.Process] $Process, [string] $Name)
    $null = & gcore -o (Join-Path $cores $Name) $Process.Id 2>&1
    Join-Path $cores "$Name.$($Process.Id)"
}

# Bytes the managed heap handed out during one call (the call's own memory, not the page cache).
function Measure-Allocated {
    param([scriptblock] $Script)
    $null = & $Script
    [GC]::Collect()
    $before = [GC]::GetTotalAllocatedBytes($true)
    $null = & $Script
    [GC]::GetTotalAllocatedBytes($true) - $before
}

$many = Start-BenchHelper -Name many_mappings -ArgumentList 60000, (Join-Path $PSHOME 'pwsh.dll')
$small = Start-BenchHelper -Name big_memory -ArgumentList 16
$big = Start-BenchHelper -Name big_memory -ArgumentList 2048
try {
    $manyCore = New-BenchCore $many 'many'
    $count = (Get-VmMap -CorePath $manyCore).Count
    Write-Host "core of many_mappings: $count mappings, $([math]::Round((Get-Item $manyCore).Length / 1MB)) MiB"
    $pair = Measure-Interleaved -Runs 5 -Warmup 1 -Scripts ([ordered]@{
        live = { $regions = Get-VmMap -Id $many.Id }
        core = { $regions = Get-VmMap -CorePath $manyCore }
    })
    New-BenchResult -Name "Get-VmMap -CorePath ($count maps)" -Figures $pair.core -Baseline 'Get-VmMap -Id (live)' -BaselineFigures $pair.live -Bar 0

    $smallCore = New-BenchCore $small 'small'
    $bigCore = New-BenchCore $big 'big'
    $smallSize = (Get-Item $smallCore).Length
    $bigSize = (Get-Item $bigCore).Length
    $smallBytes = Measure-Allocated { Get-VmMap -CorePath $smallCore }
    $bigBytes = Measure-Allocated { Get-VmMap -CorePath $bigCore }
    Write-Host ("allocated by one Get-VmMap -CorePath: {0:N0} KiB for a {1:N0} MiB core, {2:N0} KiB for a {3:N0} MiB core" -f ($smallBytes / 1KB), ($smallSize / 1MB), ($bigBytes / 1KB), ($bigSize / 1MB))
    # Bar: the managed bytes one call allocates for the big core at most 1.5x those for the small one.
    New-BenchResult -Name ("allocated, {0:N0} MiB core" -f ($bigSize / 1MB)) -Value ($bigBytes / 1KB) -Baseline ("{0:N0} MiB core" -f ($smallSize / 1MB)) -BaselineValue ($smallBytes / 1KB) -Unit KiB -Bar 1.5
    $sizes = Measure-Interleaved -Runs 5 -Warmup 1 -Scripts ([ordered]@{
        big = { $regions = Get-VmMap -CorePath $bigCore }
        small = { $regions = Get-VmMap -CorePath $smallCore }
    })
    New-BenchResult -Name ("Get-VmMap -CorePath, {0:N0} MiB core" -f ($bigSize / 1MB)) -Figures $sizes.big -Baseline ("{0:N0} MiB core" -f ($smallSize / 1MB)) -BaselineFigures $sizes.small -Bar 0
}
finally {
    foreach ($helper in $many, $small, $big) { $helper.Kill(); $helper.WaitForExit() }
    Remove-Item -Recurse -Force $cores -ErrorAction Ignore
}
