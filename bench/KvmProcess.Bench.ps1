# Get-KvmProcess against Get-Process in this same pwsh session, with 2,000 extra processes running.
# Bar: Get-KvmProcess <= 0.5x Get-Process (median of 5 after a warm-up). -IncludeThreads,
# -Name and ps(1) are recorded for reference.

$extra = 2000
$helper = Start-BenchHelper -Name many_processes -ArgumentList $extra
try {
    $count = @(Get-KvmProcess).Count
    $threadCount = @(Get-KvmProcess -IncludeThreads).Count
    Write-Host "many_processes pid $($helper.Id) started $extra children: $count processes, $threadCount threads"

    $getProcess = Measure-Median { $all = Get-Process }
    $kvm = Measure-Median { $all = Get-KvmProcess }
    New-BenchResult -Name "Get-KvmProcess ($count processes)" -Milliseconds $kvm -Baseline 'Get-Process' -BaselineMilliseconds $getProcess -Bar 0.5

    $threads = Measure-Median { $all = Get-KvmProcess -IncludeThreads }
    New-BenchResult -Name "Get-KvmProcess -IncludeThreads ($threadCount)" -Milliseconds $threads -Baseline 'Get-Process' -BaselineMilliseconds $getProcess -Bar 0

    $named = Measure-Median { $all = Get-KvmProcess -Name many_processes }
    New-BenchResult -Name 'Get-KvmProcess -Name many_processes' -Milliseconds $named -Baseline 'Get-Process -Name' -BaselineMilliseconds (Measure-Median { $all = Get-Process -Name many_processes }) -Bar 0

    # ps reads stat and status too: the native tool's cost, process start included.
    $ps = Measure-Median { $all = & ps -e -o pid,ppid,pgid,sid,tty,user,stat,ni,rss,vsz,lstart,time,comm }
    New-BenchResult -Name 'Get-KvmProcess' -Milliseconds $kvm -Baseline 'ps -e -o ... (text)' -BaselineMilliseconds $ps -Bar 0
}
finally {
    # Killing the parent ends every child (PR_SET_PDEATHSIG); the tree kill is a second line of defence.
    $helper.Kill($true)
    $helper.WaitForExit()
}
