# What progress costs: the same long calls with $ProgressPreference Continue (a bar at most four times a
# second, the walk's total learnt when the first record falls due) and SilentlyContinue (no progress
# work at all), alternated run by run (ABBA) in this one session so load drifts and run order hit both alike.
# Bar: Continue at most 1.25x SilentlyContinue: a guard against a real cost (a record per mapping would be
# several times slower), wide because runs on this shared machine swing by 15% back to back.

# Median milliseconds of $Runs runs of $Script under each preference, in ABBA order, after one warm-up of each.
function Measure-ProgressCost {
    param([Parameter(Mandatory)] [scriptblock] $Script, [int] $Runs = 11)
    $times = @{ Continue = [Collections.Generic.List[double]]::new(); SilentlyContinue = [Collections.Generic.List[double]]::new() }
    for ($i = -1; $i -lt $Runs; $i++) {
        foreach ($preference in @(if ($i % 2) { 'SilentlyContinue', 'Continue' } else { 'Continue', 'SilentlyContinue' })) {
            [GC]::Collect()
            $watch = [Diagnostics.Stopwatch]::StartNew()
            & { $ProgressPreference = $preference; $null = & $Script }
            $watch.Stop()
            if ($i -ge 0) { $times[$preference].Add($watch.Elapsed.TotalMilliseconds) }
        }
    }
    $median = { param($list) ($list | Sort-Object)[[math]::Floor($list.Count / 2)] }
    [pscustomobject]@{ Continue = & $median $times.Continue; Silent = & $median $times.SilentlyContinue }
}

$reserved = Start-BenchHelper -Name touched_and_reserved -ArgumentList 256, 1024
$many = Start-BenchHelper -Name many_mappings -ArgumentList 60000, (Join-Path $PSHOME 'pwsh.dll')
try {
    # Page by page, 1 TiB reserved is 268 million pagemap entries: a walk of a second or more here.
    $env:PROCMAP_DISABLE_PAGEMAP_SCAN = '1'
    try { $walk = Measure-ProgressCost { Get-PhysicalRegion -Id $reserved.Id } }
    finally { Remove-Item Env:PROCMAP_DISABLE_PAGEMAP_SCAN }
    New-BenchResult -Name 'Get-PhysicalRegion, no PAGEMAP_SCAN, progress shown' -Milliseconds $walk.Continue -Baseline 'same, SilentlyContinue' -BaselineMilliseconds $walk.Silent -Bar 1.25

    $detailed = Measure-ProgressCost { Get-VmMap -Id $many.Id -Detailed }
    New-BenchResult -Name 'Get-VmMap -Detailed (60,000 maps), progress shown' -Milliseconds $detailed.Continue -Baseline 'same, SilentlyContinue' -BaselineMilliseconds $detailed.Silent -Bar 1.25

    $plain = Measure-ProgressCost { Get-VmMap -Id $many.Id }
    New-BenchResult -Name 'Get-VmMap (60,000 maps), progress shown' -Milliseconds $plain.Continue -Baseline 'same, SilentlyContinue' -BaselineMilliseconds $plain.Silent -Bar 1.25
}
finally {
    foreach ($helper in $reserved, $many) {
        $helper.Kill()
        $helper.WaitForExit()
    }
}
