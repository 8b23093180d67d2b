# ProcMap over PowerShell remoting: a private sshd on 127.0.0.1 (tests/Pester/Remoting.psm1, the tests'
# harness) whose powershell subsystem is the pinned pwsh with the built module. Bars (issue 15), in wall
# time: the work runs in the hosts' pwsh processes, which this session's CPU clock does not see.
#   Invoke-Command -Session $s { Get-KvmProcess } (2,000 extra processes) <= 0.5x the same with Get-Process
#   Invoke-Command -Session $s { Get-VmMap -Id P -Detailed } (60,000 mappings) <= 3x the local call
#   Invoke-Command -Session $eight -ThrottleLimit 8 { Get-KvmProcess -Id $PID } <= 2x one session
# Needs root (sshd switches to the session user); as another user it records why and measures nothing.
# docs/remoting-notes.md, section 7, says where the time goes (PowerShell's serializer and one PSRP
# message per object: about 10x a local call for 60,000 objects of any size) and bench/Measure-Remoting.ps1
# measures the parts.

if ([Environment]::UserName -ne 'root') {
    Write-Host 'Remoting bench skipped: the test sshd needs root.'
    return
}
$env:PROCMAP_MODULE_PATH = (Get-Module ProcMap).ModuleBase
Import-Module (Join-Path $PSScriptRoot '../tests/Pester/Remoting.psm1') -Force

$sshd = Start-TestSshd
try {
    $one = New-TestSession -Sshd $sshd -HostName one
    $eight = @(1..8 | ForEach-Object { New-TestSession -Sshd $sshd -HostName "host$_" })
    Write-Host "sshd on port $($sshd.Port), 9 sessions; $(Get-MachineLoad)"
    $null = Invoke-Command -Session (@($one) + $eight) { Get-KvmProcess -Id $PID; Get-Process -Id $PID }

    $helper = Start-BenchHelper -Name many_processes -ArgumentList 2000
    try {
        $listing = Measure-Interleaved -Runs 5 -Warmup 1 -Scripts ([ordered]@{
            getProcess = { $all = Invoke-Command -Session $one { Get-Process } }
            kvm = { $all = Invoke-Command -Session $one { Get-KvmProcess } }
        })
        New-BenchResult -Name 'Invoke-Command { Get-KvmProcess } (2,000 extra)' -Figures $listing.kvm -Baseline 'Invoke-Command { Get-Process }' -BaselineFigures $listing.getProcess -Bar 0.5 -WallTime
    }
    finally {
        $helper.Kill($true)
        $helper.WaitForExit()
    }

    $fanOut = Measure-Interleaved -Runs 9 -Warmup 2 -Scripts ([ordered]@{
        one = { $all = Invoke-Command -Session $one { Get-KvmProcess -Id $PID } }
        eight = { $all = Invoke-Command -Session $eight -ThrottleLimit 8 { Get-KvmProcess -Id $PID } }
        empty = { $all = Invoke-Command -Session $eight -ThrottleLimit 8 { } }
    })
    New-BenchResult -Name 'Invoke-Command -Session $eight -ThrottleLimit 8' -Figures $fanOut.eight -Baseline 'the same, one session' -BaselineFigures $fanOut.one -Bar 2 -WallTime
    New-BenchResult -Name 'Invoke-Command -Session $eight { } (empty)' -Figures $fanOut.empty -Baseline 'Get-KvmProcess -Id $PID, one session' -BaselineFigures $fanOut.one -Bar 0 -WallTime

    $mappings = Start-BenchHelper -Name many_mappings -ArgumentList 60000, (Join-Path $PSHOME 'pwsh.dll')
    try {
        $id = $mappings.Id
        $detailed = Measure-Interleaved -Runs 3 -Warmup 1 -Scripts ([ordered]@{
            local = { $regions = Get-VmMap -Id $id -Detailed }
            remote = { $regions = Invoke-Command -Session $one { param($id) Get-VmMap -Id $id -Detailed } -ArgumentList $id }
            remoteWork = { $count = Invoke-Command -Session $one { param($id) @(Get-VmMap -Id $id -Detailed).Count } -ArgumentList $id }
        })
        New-BenchResult -Name 'Invoke-Command { Get-VmMap -Detailed } (60,000)' -Figures $detailed.remote -Baseline 'Get-VmMap -Detailed, local' -BaselineFigures $detailed.local -Bar 3 -WallTime
        New-BenchResult -Name 'Invoke-Command { @(Get-VmMap -Detailed).Count }' -Figures $detailed.remoteWork -Baseline 'Get-VmMap -Detailed, local' -BaselineFigures $detailed.local -Bar 0 -WallTime
    }
    finally {
        $mappings.Kill()
        $mappings.WaitForExit()
    }
}
finally {
    Stop-TestSshd $sshd
}
