# Get-VmMap against a raw read of the same kernel file, on a helper with 60,000 mappings.
# Bars: plain <= 2.0x ReadAllBytes(maps), -Detailed <= 2.0x ReadAllBytes(smaps), Measure-VmMap over the
# 60,000 detailed regions <= 0.2x Get-VmMap -Detailed itself.

$helper = Start-BenchHelper -Name many_mappings -ArgumentList 60000, (Join-Path $PSHOME 'pwsh.dll')
try {
    $id = $helper.Id
    $count = (Get-VmMap -Id $id).Count
    Write-Host "many_mappings pid $id has $count mappings"

    $rawMaps = Measure-Median { [IO.File]::ReadAllBytes("/proc/$id/maps") }
    $vmMap = Measure-Median { $regions = Get-VmMap -Id $id }
    New-BenchResult -Name "Get-VmMap ($count maps)" -Milliseconds $vmMap -Baseline 'ReadAllBytes maps' -BaselineMilliseconds $rawMaps -Bar 2.0
    # File.ReadAllBytes is slow on seq_file files; this loop is the kernel's own cost, the stricter yardstick.
    $loopMaps = Measure-Median { Read-RawFile "/proc/$id/maps" }
    New-BenchResult -Name "Get-VmMap ($count maps)" -Milliseconds $vmMap -Baseline 'read(2) loop maps' -BaselineMilliseconds $loopMaps -Bar 0

    $rawSmaps = Measure-Median { [IO.File]::ReadAllBytes("/proc/$id/smaps") }
    $detailed = Measure-Median { $regions = Get-VmMap -Id $id -Detailed }
    New-BenchResult -Name 'Get-VmMap -Detailed' -Milliseconds $detailed -Baseline 'ReadAllBytes smaps' -BaselineMilliseconds $rawSmaps -Bar 2.0
    $loopSmaps = Measure-Median { Read-RawFile "/proc/$id/smaps" }
    New-BenchResult -Name 'Get-VmMap -Detailed' -Milliseconds $detailed -Baseline 'read(2) loop smaps' -BaselineMilliseconds $loopSmaps -Bar 0

    # Measure-VmMap's own cost over the 60,000 detailed regions, against reading them: the regions passed as
    # one argument (the summing), and piped (what pipeline binding adds per object).
    $regions = Get-VmMap -Id $id -Detailed
    # Three warm-ups: the summing loop runs at full speed only once the tiered JIT has promoted it.
    $measure = Measure-Median { $summary = Measure-VmMap -Region $regions } -Warmup 3
    New-BenchResult -Name "Measure-VmMap -Region ($($regions.Count) detailed)" -Milliseconds $measure -Baseline 'Get-VmMap -Detailed' -BaselineMilliseconds $detailed -Bar 0.2
    $measurePiped = Measure-Median { $summary = $regions | Measure-VmMap }
    New-BenchResult -Name '$regions | Measure-VmMap' -Milliseconds $measurePiped -Baseline 'Get-VmMap -Detailed' -BaselineMilliseconds $detailed -Bar 0
    $streamed = Measure-Median { $summary = Get-VmMap -Id $id -Detailed | Measure-VmMap }
    New-BenchResult -Name 'Get-VmMap -Detailed | Measure-VmMap' -Milliseconds $streamed -Baseline 'Get-VmMap -Detailed' -BaselineMilliseconds $detailed -Bar 0
    $later = Get-VmMap -Id $id -Detailed
    $compare = Measure-Median { $changes = Compare-VmMap -ReferenceObject $regions -DifferenceObject $later -IncludeEqual }
    New-BenchResult -Name 'Compare-VmMap -IncludeEqual (2 x 60,000)' -Milliseconds $compare -Baseline 'Get-VmMap -Detailed' -BaselineMilliseconds $detailed -Bar 0

    $first = Measure-Median { Get-VmMap -Id $id | Select-Object -First 1 }
    New-BenchResult -Name 'Get-VmMap | Select -First 1' -Milliseconds $first -Baseline 'Get-VmMap (all)' -BaselineMilliseconds $vmMap -Bar 0
}
finally {
    $helper.Kill()
    $helper.WaitForExit()
}
