# Issue 18 in one session, with 2,000 extra processes that each map libc: the -Path scan against
# Where-Object over every region (bar 0.3), the restart check against checkrestart (bar 1.0: faster), and
# what each opt-in Get-KvmProcess switch costs over the plain listing (recorded, the reason they are opt-in).

$extra = 2000
$helper = Start-BenchHelper -Name many_processes -ArgumentList $extra
try {
    $count = @(Get-KvmProcess).Count
    Write-Host "many_processes pid $($helper.Id) started $extra children: $count processes; $(Get-MachineLoad)"

    $scan = Measure-Interleaved -Runs 5 -Warmup 1 -Scripts ([ordered]@{
        where = { $r = Get-KvmProcess | Get-VmMap -ErrorAction Ignore | Where-Object Path -CLike '*/libc.so*' }
        path = { $r = Get-KvmProcess | Get-VmMap -Path '*/libc.so*' -ErrorAction Ignore }
    })
    New-BenchResult -Name "Get-KvmProcess | Get-VmMap -Path '*/libc.so*' ($count processes)" -Figures $scan.path -Baseline 'Get-VmMap | Where-Object Path -CLike' -BaselineFigures $scan.where -Bar 0.3

    # The documented pipeline (docs/reference.md, "Which services to restart") against checkrestart -m,
    # which reads every process through lsof in child processes: compare the wall ratio as well as CPU.
    $check = Measure-Interleaved -Runs 5 -Warmup 1 -Scripts ([ordered]@{
        checkrestart = { $r = & checkrestart -m 2>$null }
        procmap = {
            $r = Get-KvmProcess -IncludeControlGroup -IncludeDeletedFiles |
                Where-Object { $_.DeletedFiles | Where-Object { $_ -notmatch '^/(tmp|var/tmp|run)/' } } |
                Group-Object Unit
        }
    })
    New-BenchResult -Name 'restart check (Get-KvmProcess -IncludeControlGroup -IncludeDeletedFiles | ...)' -Figures $check.procmap -Baseline 'checkrestart -m' -BaselineFigures $check.checkrestart -Bar 1.0

    $switches = Measure-Interleaved -Runs 7 -Warmup 2 -Scripts ([ordered]@{
        plain = { $all = Get-KvmProcess }
        IncludeExecutable = { $all = Get-KvmProcess -IncludeExecutable }
        IncludeDirectory = { $all = Get-KvmProcess -IncludeDirectory }
        IncludeControlGroup = { $all = Get-KvmProcess -IncludeControlGroup }
        IncludeOpenFileCount = { $all = Get-KvmProcess -IncludeOpenFileCount }
        IncludeDeletedFiles = { $all = Get-KvmProcess -IncludeDeletedFiles }
    })
    foreach ($name in @($switches.Keys) -ne 'plain') {
        New-BenchResult -Name "Get-KvmProcess -$name" -Figures $switches[$name] -Baseline 'Get-KvmProcess' -BaselineFigures $switches.plain -Bar 0
    }
}
finally {
    $helper.Kill($true)
    $helper.WaitForExit()
}
