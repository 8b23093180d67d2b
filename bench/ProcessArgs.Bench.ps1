# Get-ProcessArgs over every process with 2,000 extra ones that this script starts and ends.
# Bar (CPU time): Get-KvmProcess | Get-ProcessArgs <= 0.1x Get-Process | ForEach-Object CommandLine,
# measured interleaved.

$extra = 2000
$helper = Start-BenchHelper -Name many_processes -ArgumentList $extra
try {
    $ids = [int[]]@([IO.Directory]::EnumerateDirectories('/proc') | ForEach-Object { [IO.Path]::GetFileName($_) } |
        Where-Object { $_ -match '^\d+$' })
    Write-Host "many_processes pid $($helper.Id) with $extra children; $($ids.Count) processes in all; $(Get-MachineLoad)"

    $pair = Measure-Interleaved -Runs 7 -Warmup 2 -Scripts ([ordered]@{
        getProcess = { Get-Process | ForEach-Object CommandLine }
        kvm = { Get-KvmProcess | Get-ProcessArgs -ErrorAction SilentlyContinue }
    })
    $withEnvironment = Measure-Once { Get-KvmProcess | Get-ProcessArgs -Environment -ErrorAction SilentlyContinue }

    # What binding each id by property name costs, against objects that carry nothing else.
    $objects = foreach ($id in $ids) { [pscustomobject]@{ ProcessId = $id } }
    $piped = Measure-Once { $objects | Get-ProcessArgs -ErrorAction SilentlyContinue }

    $name = 'Get-KvmProcess | Get-ProcessArgs'
    $count = "$($ids.Count) procs"
    New-BenchResult -Name "$name ($count)" -Figures $pair.kvm -Baseline 'Get-Process | % CommandLine' -BaselineFigures $pair.getProcess -Bar 0.1
    New-BenchResult -Name '{ProcessId} objects | Get-ProcessArgs' -Figures $piped -Baseline 'Get-Process | % CommandLine' -BaselineFigures $pair.getProcess -Bar 0
    New-BenchResult -Name "$name -Environment" -Figures $withEnvironment -Baseline 'Get-Process | % CommandLine' -BaselineFigures $pair.getProcess -Bar 0
    # The kernel's own cost: reading stat and cmdline of every process, no parsing, no objects.
    $files = foreach ($id in $ids) { "/proc/$id/stat"; "/proc/$id/cmdline" }
    $raw = Measure-Once { $null = [BenchNative]::ReadEach($files) }
    New-BenchResult -Name "$name ($count)" -Figures $pair.kvm -Baseline 'read(2) stat+cmdline loop' -BaselineFigures $raw -Bar 0
}
finally {
    $helper.Kill()
    $helper.WaitForExit()
}
