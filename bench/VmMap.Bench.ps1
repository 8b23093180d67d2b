# Get-VmMap against what the kernel's text costs: a read(2) loop with a 64 KiB buffer over the same
# /proc file, on a helper with 60,000 mappings, both measured interleaved in this session.
# Bars (CPU time): $r = Get-VmMap <= 1.5x the loop over maps; -Detailed <= 1.5x the loop over smaps; the
# slowest of 20 runs of $r = Get-VmMap <= 1.5x their median; Measure-VmMap over the 60,000 detailed regions
# <= 0.2x Get-VmMap -Detailed itself. ReadAllBytes, Select -First 1 and Compare-VmMap are recorded.

$helper = Start-BenchHelper -Name many_mappings -ArgumentList 60000, (Join-Path $PSHOME 'pwsh.dll')
try {
    $id = $helper.Id
    $maps = "/proc/$id/maps"
    $smaps = "/proc/$id/smaps"
    $count = (Get-VmMap -Id $id).Count
    Write-Host "many_mappings pid $id has $count mappings; $(Get-MachineLoad)"

    $plain = Measure-Interleaved -Runs 11 -Warmup 20 -Scripts ([ordered]@{
        loop = { $null = [BenchNative]::ReadLoop($maps) }
        vmmap = { $r = Get-VmMap -Id $id }
    })
    New-BenchResult -Name "Get-VmMap ($count maps)" -Figures $plain.vmmap -Baseline 'read(2) loop maps' -BaselineFigures $plain.loop -Bar 1.5

    $spread = Measure-Once -Runs 20 -Warmup 2 { $r = Get-VmMap -Id $id }
    New-SpreadResult -Name 'Get-VmMap' -Figures $spread -Bar 1.5

    $detailed = Measure-Interleaved -Runs 11 -Warmup 5 -Scripts ([ordered]@{
        loop = { $null = [BenchNative]::ReadLoop($smaps) }
        vmmap = { $r = Get-VmMap -Id $id -Detailed }
    })
    New-BenchResult -Name 'Get-VmMap -Detailed' -Figures $detailed.vmmap -Baseline 'read(2) loop smaps' -BaselineFigures $detailed.loop -Bar 1.5

    # Measure-VmMap's own cost over the 60,000 detailed regions, against reading them: the regions passed as
    # one argument (the summing), and piped (what pipeline binding adds per object). Three warm-ups: the
    # summing loop runs at full speed only once the tiered JIT has promoted it.
    $regions = Get-VmMap -Id $id -Detailed
    $later = Get-VmMap -Id $id -Detailed
    $analysis = Measure-Interleaved -Runs 5 -Warmup 3 -Scripts ([ordered]@{
        measure = { $summary = Measure-VmMap -Region $regions }
        piped = { $summary = $regions | Measure-VmMap }
        streamed = { $summary = Get-VmMap -Id $id -Detailed | Measure-VmMap }
        compare = { $changes = Compare-VmMap -ReferenceObject $regions -DifferenceObject $later -IncludeEqual }
    })
    New-BenchResult -Name "Measure-VmMap -Region ($($regions.Count) detailed)" -Figures $analysis.measure -Baseline 'Get-VmMap -Detailed' -BaselineFigures $detailed.vmmap -Bar 0.2
    New-BenchResult -Name '$regions | Measure-VmMap' -Figures $analysis.piped -Baseline 'Get-VmMap -Detailed' -BaselineFigures $detailed.vmmap -Bar 0
    New-BenchResult -Name 'Get-VmMap -Detailed | Measure-VmMap' -Figures $analysis.streamed -Baseline 'Get-VmMap -Detailed' -BaselineFigures $detailed.vmmap -Bar 0
    New-BenchResult -Name 'Compare-VmMap -IncludeEqual (2 x 60,000)' -Figures $analysis.compare -Baseline 'Get-VmMap -Detailed' -BaselineFigures $detailed.vmmap -Bar 0
    Remove-Variable regions, later

    # File.ReadAllBytes is slow on seq_file files (it reads them in small steps); kept as a recorded row.
    $readAll = Measure-Interleaved -Runs 3 -Warmup 1 -Scripts ([ordered]@{
        maps = { $null = [IO.File]::ReadAllBytes($maps) }
        smaps = { $null = [IO.File]::ReadAllBytes($smaps) }
    })
    New-BenchResult -Name "Get-VmMap ($count maps)" -Figures $plain.vmmap -Baseline 'ReadAllBytes maps' -BaselineFigures $readAll.maps -Bar 0
    New-BenchResult -Name 'Get-VmMap -Detailed' -Figures $detailed.vmmap -Baseline 'ReadAllBytes smaps' -BaselineFigures $readAll.smaps -Bar 0

    $first = Measure-Once { Get-VmMap -Id $id | Select-Object -First 1 }
    New-BenchResult -Name 'Get-VmMap | Select -First 1' -Figures $first -Baseline 'Get-VmMap (all)' -BaselineFigures $plain.vmmap -Bar 0
}
finally {
    $helper.Kill()
    $helper.WaitForExit()
}
