# Get-ProcessArgs over every process with 2,000 extra ones that this script starts and ends.
# Bar: Get-KvmProcess | Get-ProcessArgs at most 0.2x Get-Process | ForEach-Object CommandLine.

$extra = 2000
$helper = Start-BenchHelper -Name many_processes -ArgumentList $extra
try {
    $ids = [int[]]@([IO.Directory]::EnumerateDirectories('/proc') | ForEach-Object { [IO.Path]::GetFileName($_) } |
        Where-Object { $_ -match '^\d+$' })
    Write-Host "many_processes pid $($helper.Id) with $extra children; $($ids.Count) processes in all"

    $baseline = Measure-Median { Get-Process | ForEach-Object CommandLine } -Runs 5
    $name = 'Get-KvmProcess | Get-ProcessArgs'
    $plain = Measure-Median { Get-KvmProcess | Get-ProcessArgs -ErrorAction SilentlyContinue }
    $withEnvironment = Measure-Median { Get-KvmProcess | Get-ProcessArgs -Environment -ErrorAction SilentlyContinue }

    # What binding each id by property name costs, against objects that carry nothing else.
    $objects = foreach ($id in $ids) { [pscustomobject]@{ ProcessId = $id } }
    $piped = Measure-Median { $objects | Get-ProcessArgs -ErrorAction SilentlyContinue }

    $count = "$($ids.Count) procs"
    New-BenchResult -Name "$name ($count)" -Milliseconds $plain -Baseline 'Get-Process | % CommandLine' -BaselineMilliseconds $baseline -Bar 0.2
    New-BenchResult -Name '{ProcessId} objects | Get-ProcessArgs' -Milliseconds $piped -Baseline 'Get-Process | % CommandLine' -BaselineMilliseconds $baseline -Bar 0
    New-BenchResult -Name "$name -Environment" -Milliseconds $withEnvironment -Baseline 'Get-Process | % CommandLine' -BaselineMilliseconds $baseline -Bar 0
    # The kernel's own cost: opening and reading stat and cmdline of every process, no parsing, no objects.
    $raw = Measure-Median {
        $buffer = [byte[]]::new(1MB)
        foreach ($id in $ids) {
            foreach ($file in 'stat', 'cmdline') {
                try { $s = [IO.File]::OpenRead("/proc/$id/$file"); while ($s.Read($buffer, 0, $buffer.Length) -gt 0) { }; $s.Dispose() } catch { }
            }
        }
    }
    New-BenchResult -Name "$name ($count)" -Milliseconds $plain -Baseline 'read stat+cmdline loop' -BaselineMilliseconds $raw -Bar 0
}
finally {
    $helper.Kill()
    $helper.WaitForExit()
}
