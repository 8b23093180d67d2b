# Get-KvmProcess -IncludeMemory over every process, with the 2,000 extra processes of helpers/many_processes.c,
# in this pwsh session. Bars: at most 1.5x the kernel's own cost ([BenchNative]::ReadEach: open and read(2)
# stat, status and smaps_rollup of every process, no parsing, no objects), and at most 0.5x
# smem -c "pid uss pss swap" (which reads smaps of every process). Recorded: the listing without
# -IncludeMemory against the loop over stat and status, so the rollup's own share shows.

# Other work on a shared machine changes the kernel's cost from one second to the next (the rollup walks
# page tables, and waits for a process busy in mmap), so the ProcMap runs and the loop's take turns
# (Measure-Interleaved), and their medians are compared.
function Measure-AgainstKernel([scriptblock] $Call, [string[]] $FileNames) {
    $files = foreach ($process in Get-KvmProcess) { foreach ($name in $FileNames) { "/proc/$($process.ProcessId)/$name" } }
    Measure-Interleaved -Runs 7 -Warmup 1 -Scripts ([ordered]@{
        ours = $Call
        kernel = { $null = [BenchNative]::ReadEach($files) }
    })
}

$extra = 2000
$helper = Start-BenchHelper -Name many_processes -ArgumentList $extra
try {
    $count = @(Get-KvmProcess).Count
    Write-Host "many_processes pid $($helper.Id) started $extra children: $count processes"
    $paired = Measure-AgainstKernel { $all = Get-KvmProcess -IncludeMemory -WarningAction SilentlyContinue } 'stat', 'status', 'smaps_rollup'
    New-BenchResult -Name "Get-KvmProcess -IncludeMemory ($count)" -Figures $paired.ours -Baseline 'read(2) loop stat+status+smaps_rollup' -BaselineFigures $paired.kernel -Bar 1.5
    # smem's CPU is the child's, which the clock counts once it has been waited for.
    $smem = Measure-Once { $all = & smem -c 'pid uss pss swap' } -Runs 3
    New-BenchResult -Name "Get-KvmProcess -IncludeMemory ($count)" -Figures $paired.ours -Baseline 'smem -c "pid uss pss swap"' -BaselineFigures $smem -Bar 0.5

    $plain = Measure-AgainstKernel { $all = Get-KvmProcess } 'stat', 'status'
    New-BenchResult -Name "Get-KvmProcess ($count)" -Figures $plain.ours -Baseline 'read(2) loop stat+status' -BaselineFigures $plain.kernel -Bar 0
    New-BenchResult -Name 'read(2) loop stat+status+smaps_rollup' -Figures $paired.kernel -Baseline 'read(2) loop stat+status' -BaselineFigures $plain.kernel -Bar 0
}
finally {
    $helper.Kill($true)
    $helper.WaitForExit()
}
