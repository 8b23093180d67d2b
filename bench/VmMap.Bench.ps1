# Get-VmMap against a raw read of the same kernel file, on a helper with 60,000 mappings.
# Bars: plain <= 2.0x ReadAllBytes(maps), -Detailed <= 2.0x ReadAllBytes(smaps).

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

    $first = Measure-Median { Get-VmMap -Id $id | Select-Object -First 1 }
    New-BenchResult -Name 'Get-VmMap | Select -First 1' -Milliseconds $first -Baseline 'Get-VmMap (all)' -BaselineMilliseconds $vmMap -Bar 0
}
finally {
    $helper.Kill()
    $helper.WaitForExit()
}
