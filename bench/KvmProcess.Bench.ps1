# Get-KvmProcess against Get-Process in this same pwsh session, with 2,000 extra processes running.
# Bar (CPU time): $all = Get-KvmProcess <= 0.3x $all = Get-Process, measured interleaved. -IncludeThreads,
# -Name, ps(1) and a read(2) loop over every stat and status (the kernel's cost) are recorded.

$extra = 2000
$helper = Start-BenchHelper -Name many_processes -ArgumentList $extra
try {
    $count = @(Get-KvmProcess).Count
    $threadCount = @(Get-KvmProcess -IncludeThreads).Count
    Write-Host "many_processes pid $($helper.Id) started $extra children: $count processes, $threadCount threads; $(Get-MachineLoad)"

    $listing = Measure-Interleaved -Runs 11 -Warmup 10 -Scripts ([ordered]@{
        getProcess = { $all = Get-Process }
        kvm = { $all = Get-KvmProcess }
    })
    New-BenchResult -Name "Get-KvmProcess ($count processes)" -Figures $listing.kvm -Baseline 'Get-Process' -BaselineFigures $listing.getProcess -Bar 0.3

    $threads = Measure-Once { $all = Get-KvmProcess -IncludeThreads }
    New-BenchResult -Name "Get-KvmProcess -IncludeThreads ($threadCount)" -Figures $threads -Baseline 'Get-Process' -BaselineFigures $listing.getProcess -Bar 0

    $named = Measure-Interleaved -Runs 5 -Warmup 1 -Scripts ([ordered]@{
        getProcess = { $all = Get-Process -Name many_processes }
        kvm = { $all = Get-KvmProcess -Name many_processes }
    })
    New-BenchResult -Name 'Get-KvmProcess -Name many_processes' -Figures $named.kvm -Baseline 'Get-Process -Name' -BaselineFigures $named.getProcess -Bar 0

    # ps reads stat and status too: the native tool's cost, process start included (its CPU is the child's).
    $ps = Measure-Once { $all = & ps -e -o pid,ppid,pgid,sid,tty,user,stat,ni,rss,vsz,lstart,time,comm }
    New-BenchResult -Name 'Get-KvmProcess' -Figures $listing.kvm -Baseline 'ps -e -o ... (text)' -BaselineFigures $ps -Bar 0

    # The kernel's own cost of what a listing reads: stat and status of every process, no parsing.
    $files = foreach ($process in Get-KvmProcess) { "/proc/$($process.ProcessId)/stat"; "/proc/$($process.ProcessId)/status" }
    $raw = Measure-Once { $null = [BenchNative]::ReadEach($files) }
    New-BenchResult -Name 'Get-KvmProcess' -Figures $listing.kvm -Baseline 'read(2) stat+status loop' -BaselineFigures $raw -Bar 0
}
finally {
    # Killing the parent ends every child (PR_SET_PDEATHSIG); the tree kill is a second line of defence.
    $helper.Kill($true)
    $helper.WaitForExit()
}
