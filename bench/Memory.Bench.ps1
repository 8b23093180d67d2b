# Get-KvmProcess -IncludeMemory over every process, with the 2,000 extra processes of helpers/many_processes.c,
# in this pwsh session. Bars: at most 1.5x the kernel's own cost (helpers/read_proc_loop.c: open and read(2)
# stat, status and smaps_rollup of every process, no parsing, no objects), and at most 0.5x
# smem -c "pid uss pss swap" (which reads smaps of every process). Recorded: the listing without
# -IncludeMemory against the loop over stat and status, so the rollup's own share shows.

# Other work on a shared machine changes the kernel's cost from one second to the next (the rollup walks
# page tables, and waits for a process busy in mmap), so each ProcMap run is paired with a run of the loop
# right after it, seven times, and the medians of the two are compared.
function Measure-Paired([scriptblock] $Script, [string[]] $LoopArguments) {
    $null = & $Script
    $null = & $loop 1 @LoopArguments
    $ours = [Collections.Generic.List[double]]::new()
    $kernel = [Collections.Generic.List[double]]::new()
    for ($i = 0; $i -lt 7; $i++) {
        [GC]::Collect()
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $null = & $Script
        $ours.Add($watch.Elapsed.TotalMilliseconds)
        $kernel.Add([double]((& $loop 1 @LoopArguments) -split ' ')[0])
    }
    [pscustomobject]@{ Ours = ($ours | Sort-Object)[3]; Kernel = ($kernel | Sort-Object)[3] }
}

$extra = 2000
$helper = Start-BenchHelper -Name many_processes -ArgumentList $extra
try {
    $count = @(Get-KvmProcess).Count
    Write-Host "many_processes pid $($helper.Id) started $extra children: $count processes"
    $loop = Get-BenchHelper read_proc_loop

    $paired = Measure-Paired { $all = Get-KvmProcess -IncludeMemory -WarningAction SilentlyContinue } 'stat', 'status', 'smaps_rollup'
    New-BenchResult -Name "Get-KvmProcess -IncludeMemory ($count)" -Milliseconds $paired.Ours -Baseline 'read(2) loop stat+status+smaps_rollup' -BaselineMilliseconds $paired.Kernel -Bar 1.5
    $smem = Measure-Median { $all = & smem -c 'pid uss pss swap' } -Runs 3
    New-BenchResult -Name "Get-KvmProcess -IncludeMemory ($count)" -Milliseconds $paired.Ours -Baseline 'smem -c "pid uss pss swap"' -BaselineMilliseconds $smem -Bar 0.5

    $plain = Measure-Paired { $all = Get-KvmProcess } 'stat', 'status'
    New-BenchResult -Name "Get-KvmProcess ($count)" -Milliseconds $plain.Ours -Baseline 'read(2) loop stat+status' -BaselineMilliseconds $plain.Kernel -Bar 0
    New-BenchResult -Name 'read(2) loop stat+status+smaps_rollup' -Milliseconds $paired.Kernel -Baseline 'read(2) loop stat+status' -BaselineMilliseconds $plain.Kernel -Bar 0
}
finally {
    $helper.Kill($true)
    $helper.WaitForExit()
}
