# Get-KvmProcess -IncludeMemory with 2,000 extra processes, in this pwsh session.
# Bars: at most 1.5x the kernel's own cost (helpers/read_proc_loop.c: open and read(2) stat, status and
# smaps_rollup of every process, no parsing), and at most 0.5x smem -c "pid uss pss swap" (which reads
# smaps of every process). Recorded: the same listing without -IncludeMemory, and the loop over stat and
# status alone, so the rollup's own share shows.

$extra = 2000
$helper = Start-BenchHelper -Name many_processes -ArgumentList $extra
try {
    $count = @(Get-KvmProcess).Count
    Write-Host "many_processes pid $($helper.Id) started $extra children: $count processes"

    $memory = Measure-Median { $all = Get-KvmProcess -IncludeMemory -WarningAction SilentlyContinue }
    $plain = Measure-Median { $all = Get-KvmProcess }
    $loop = Get-BenchHelper read_proc_loop
    $raw = [double]((& $loop 5 stat status smaps_rollup) -split ' ')[0]
    $rawPlain = [double]((& $loop 5 stat status) -split ' ')[0]
    $smem = Measure-Median { $all = & smem -c 'pid uss pss swap' } -Runs 3

    New-BenchResult -Name "Get-KvmProcess -IncludeMemory ($count)" -Milliseconds $memory -Baseline 'read(2) loop stat+status+smaps_rollup' -BaselineMilliseconds $raw -Bar 1.5
    New-BenchResult -Name 'Get-KvmProcess -IncludeMemory' -Milliseconds $memory -Baseline 'smem -c "pid uss pss swap"' -BaselineMilliseconds $smem -Bar 0.5
    New-BenchResult -Name 'Get-KvmProcess' -Milliseconds $plain -Baseline 'read(2) loop stat+status' -BaselineMilliseconds $rawPlain -Bar 0
    New-BenchResult -Name 'read(2) loop stat+status+smaps_rollup' -Milliseconds $raw -Baseline 'read(2) loop stat+status' -BaselineMilliseconds $rawPlain -Bar 0
}
finally {
    $helper.Kill($true)
    $helper.WaitForExit()
}
