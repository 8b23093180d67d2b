# Get-VmMap -CorePath: speed on a core with 60,000 mappings against the live listing of the same process,
# and memory on a 2 GiB core against a small one (a core is read with pread in small windows, never
# loaded or mapped, so its size must not show in what a call allocates). Cores are made with gcore.

# Big-endian against little-endian: the 60,000-mapping core rewritten as ppc64le and as ppc64 (one
# layout, two byte orders; helpers/CoreLayouts.cs). And for every note layout ProcMap reads (Linux ABIs in
# both orders, FreeBSD's four), a small and a 2 GiB (sparse) core: what a call allocates must not grow.
if (-not ('BenchCores' -as [type])) { Add-Type -Path (Join-Path $PSScriptRoot 'helpers/CoreLayouts.cs') }

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

    $littleEndian = Join-Path $cores 'many-ppc64le.core'
    $bigEndian = Join-Path $cores 'many-ppc64.core'
    [BenchCores]::ToPowerPc64($manyCore, $littleEndian, $false)
    [BenchCores]::ToPowerPc64($manyCore, $bigEndian, $true)
    $littleCount = (Get-VmMap -CorePath $littleEndian).Count
    $bigCount = (Get-VmMap -CorePath $bigEndian).Count
    if ($littleCount -ne $count -or $bigCount -ne $count) { throw "ppc64 cores list $littleCount and $bigCount mappings, not $count" }
    # Interleaved, each warmed up first: JIT tiering of whichever order runs first is no property of the byte order.
    $orders = Measure-Interleaved -Runs 5 -Warmup 2 -Scripts ([ordered]@{
        little = { $regions = Get-VmMap -CorePath $littleEndian }
        big = { $regions = Get-VmMap -CorePath $bigEndian }
    })
    New-BenchResult -Name "Get-VmMap -CorePath big-endian ppc64 ($count maps)" -Figures $orders.big -Baseline 'same core little-endian (ppc64le)' -BaselineFigures $orders.little -Bar 1.5

    $smallCore = New-BenchCore $small 'small'
    $bigCore = New-BenchCore $big 'big'
    $smallSize = (Get-Item $smallCore).Length
    $bigSize = (Get-Item $bigCore).Length
    $smallBytes = Measure-Allocated { Get-VmMap -CorePath $smallCore }
    $bigBytes = Measure-Allocated { Get-VmMap -CorePath $bigCore }
    Write-Host ("allocated by one Get-VmMap -CorePath: {0:N0} KiB for a {1:N0} MiB core, {2:N0} KiB for a {3:N0} MiB core" -f ($smallBytes / 1KB), ($smallSize / 1MB), ($bigBytes / 1KB), ($bigSize / 1MB))
    # Bar: the managed bytes one call allocates for the big core at most 1.5x those for the small one.
    New-BenchResult -Name ("allocated, {0:N0} MiB core" -f ($bigSize / 1MB)) -Value ($bigBytes / 1KB) -Baseline ("{0:N0} MiB core" -f ($smallSize / 1MB)) -BaselineValue ($smallBytes / 1KB) -Unit KiB -Bar 1.5
    # Every layout: Linux ABIs (e_machine, class, sizeof elf_prstatus) little- and big-endian, FreeBSD's four.
    $layouts = @(
        @(62, $true, 336), @(62, $false, 296), @(3, $false, 144), @(183, $true, 392), @(40, $false, 148), @(243, $true, 376),
        @(243, $false, 204), @(21, $true, 504), @(20, $false, 268), @(22, $true, 336), @(22, $false, 224), @(8, $false, 256),
        @(8, $false, 440), @(8, $true, 480), @(258, $true, 480), @(43, $true, 408), @(4, $false, 154), @(42, $false, 168),
        @(0x9026, $true, 384), @(15, $false, 396))
    $cases = foreach ($l in $layouts) { foreach ($order in $false, $true) { , @($l[0], $l[1], $l[2], $order, $false) } }
    $cases += foreach ($f in @(62, $true), @(183, $true), @(3, $false), @(40, $false)) { , @($f[0], $f[1], 0, $false, $true) }
    $worst = $null
    foreach ($case in $cases) {
        $name = "{0}{1}{2}" -f $case[0], ($case[1] ? '-64' : '-32'), ($case[4] ? '-freebsd' : ($case[3] ? '-be' : '-le'))
        $smallLayout = Join-Path $cores "$name-small.core"
        $bigLayout = Join-Path $cores "$name-big.core"
        [BenchCores]::Synthetic($smallLayout, $case[0], $case[1], $case[2], $case[3], $case[4], 16MB)
        [BenchCores]::Synthetic($bigLayout, $case[0], $case[1], $case[2], $case[3], $case[4], 2GB)
        $smallKiB = (Measure-Allocated { Get-VmMap -CorePath $smallLayout; Get-KvmProcess -CorePath $smallLayout }) / 1KB
        $bigKiB = (Measure-Allocated { Get-VmMap -CorePath $bigLayout; Get-KvmProcess -CorePath $bigLayout }) / 1KB
        if ($null -eq $worst -or $bigKiB / $smallKiB -gt $worst.Ratio) { $worst = @{ Name = $name; Big = $bigKiB; Small = $smallKiB; Ratio = $bigKiB / $smallKiB } }
        Remove-Item $smallLayout, $bigLayout
    }
    Write-Host ("allocated by Get-VmMap + Get-KvmProcess -CorePath, {0} layouts: worst {1}, {2:N0} KiB for 2 GiB, {3:N0} KiB for 16 MiB" -f $cases.Count, $worst.Name, $worst.Big, $worst.Small)
    New-BenchResult -Name ("allocated, 2 GiB core, worst of {0} layouts ({1})" -f $cases.Count, $worst.Name) -Value $worst.Big -Baseline '16 MiB core' -BaselineValue $worst.Small -Unit KiB -Bar 1.5

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
