# What progress costs: the same long calls with $ProgressPreference Continue (a bar at most four times a
# second, the walk's total learnt when the first record falls due) and SilentlyContinue (no progress
# work at all), taking turns run by run in this one session so load drifts and run order hit both alike.
# Bar: Continue at most 1.25x SilentlyContinue: a guard against a real cost (a record per mapping would be
# several times slower), wide because runs on this shared machine swing by 15% back to back.

# The same call under each preference, taking turns (Measure-Interleaved) after one warm-up of each.
function Measure-ProgressCost {
    param([Parameter(Mandatory)] [scriptblock] $Call, [int] $Runs = 11)
    Measure-Interleaved -Runs $Runs -Warmup 1 -Scripts ([ordered]@{
        Continue = { $ProgressPreference = 'Continue'; $null = & $Call }
        Silent = { $ProgressPreference = 'SilentlyContinue'; $null = & $Call }
    })
}

$reserved = Start-BenchHelper -Name touched_and_reserved -ArgumentList 256, 1024
$many = Start-BenchHelper -Name many_mappings -ArgumentList 60000, (Join-Path $PSHOME 'pwsh.dll')
try {
    # Page by page, 1 TiB reserved is 268 million pagemap entries: a walk of a second or more here.
    $env:PROCMAP_DISABLE_PAGEMAP_SCAN = '1'
    try { $walk = Measure-ProgressCost { Get-PhysicalRegion -Id $reserved.Id } }
    finally { Remove-Item Env:PROCMAP_DISABLE_PAGEMAP_SCAN }
    New-BenchResult -Name 'Get-PhysicalRegion, no PAGEMAP_SCAN, progress shown' -Figures $walk.Continue -Baseline 'same, SilentlyContinue' -BaselineFigures $walk.Silent -Bar 1.25

    $detailed = Measure-ProgressCost { Get-VmMap -Id $many.Id -Detailed }
    New-BenchResult -Name 'Get-VmMap -Detailed (60,000 maps), progress shown' -Figures $detailed.Continue -Baseline 'same, SilentlyContinue' -BaselineFigures $detailed.Silent -Bar 1.25

    $plain = Measure-ProgressCost { Get-VmMap -Id $many.Id }
    New-BenchResult -Name 'Get-VmMap (60,000 maps), progress shown' -Figures $plain.Continue -Baseline 'same, SilentlyContinue' -BaselineFigures $plain.Silent -Bar 1.25
}
finally {
    foreach ($helper in $reserved, $many) {
        $helper.Kill()
        $helper.WaitForExit()
    }
}
