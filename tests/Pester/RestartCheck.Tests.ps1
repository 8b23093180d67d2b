# The restart check (issue 18): which processes map a deleted file-system file, grouped by unit. Subjects:
# a library copy replaced the way dpkg replaces files, an executable deleted while it runs, a process with
# only unlinked mappings that are no upgrade (memfd, /dev/shm, SysV, its own /tmp scratch file), and one
# with nothing deleted. Compared with /proc read by the test and with checkrestart (debian-goodies).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ProcMapUnderTest

    # The documented restart check (docs/reference.md, "Which services to restart"), word for word.
    function script:Invoke-RestartCheck {
        Get-KvmProcess -IncludeControlGroup -IncludeDeletedFiles |
            Where-Object { $_.DeletedFiles | Where-Object { $_ -notmatch '^/(tmp|var/tmp|run)/' } } |
            Group-Object Unit
    }

    # The deleted lines of /proc/PID/maps, read by the test: "path (deleted)" names.
    function script:DeletedInMaps {
        param([int] $Id)
        @([IO.File]::ReadAllLines("/proc/$Id/maps") | Where-Object { $_.EndsWith(' (deleted)') } |
            ForEach-Object { ($_ -split '\s+', 6)[5] -replace ' \(deleted\)$' } | Select-Object -Unique)
    }

    # Outside /tmp: checkrestart, like this check, passes over files under temporary locations.
    $script:dir = "/opt/procmap-restart-$([guid]::NewGuid().ToString('N'))"
    $null = New-Item -ItemType Directory $dir
    $script:library = "$dir/libz.so.1"
    & cp (& readlink -f /usr/lib/x86_64-linux-gnu/libz.so.1) $library

    # A sleep that maps the copy, in a cgroup under test-procmap.service so the check names its unit.
    $info = [Diagnostics.ProcessStartInfo]::new('sleep')
    $info.ArgumentList.Add('600')
    $info.Environment['LD_PRELOAD'] = $library
    $info.UseShellExecute = $false
    $script:upgraded = [Diagnostics.Process]::Start($info)
    Wait-Until -What 'sleep to map the library copy' { (DeletedInMaps $upgraded.Id).Count -eq 0 -and [IO.File]::ReadAllText("/proc/$($upgraded.Id)/maps").Contains($library) }
    $script:group = New-TestControlGroup -Name "restart-$PID" -ProcessId $upgraded.Id

    # dpkg's way: write the new file beside the old one, then rename it over (the old inode is unlinked).
    & cp $library "$library.dpkg-new"
    & mv -f "$library.dpkg-new" $library

    $script:daemonPath = "$dir/old-daemon"
    & cp /usr/bin/sleep $daemonPath
    $script:daemon = Start-Subject -FilePath $daemonPath -ArgumentList 600
    Remove-Item $daemonPath

    $script:scratch = Start-PipedSubject -FilePath (Get-TestHelper -Name shm_maps) -WaitForReady
    $script:clean = Start-Subject -FilePath sleep -ArgumentList 600
    $script:subjects = @($upgraded.Id, $daemon.Id, $scratch.Id, $clean.Id)
}

AfterAll {
    foreach ($subject in @($upgraded, $daemon, $scratch, $clean)) { Stop-Subject $subject }
    Remove-TestControlGroup $group
    if ($dir) { Remove-Item -Recurse -Force $dir -ErrorAction Ignore }
}

Describe 'Get-KvmProcess -IncludeDeletedFiles' {
    It 'lists the replaced library and the deleted executable, as /proc/PID/maps marks them' {
        (Get-KvmProcess -Id $upgraded.Id -IncludeDeletedFiles).DeletedFiles | Should -Be @($library)
        DeletedInMaps $upgraded.Id | Should -Be @($library)
        $daemonRow = Get-KvmProcess -Id $daemon.Id -IncludeDeletedFiles -IncludeExecutable
        $daemonRow.DeletedFiles | Should -Be @($daemonPath)
        $daemonRow.ExecutableDeleted | Should -BeTrue
        DeletedInMaps $daemon.Id | Should -Be @($daemonPath)
    }

    It 'leaves out memfd, /dev/shm and SysV memory, which the kernel also marks deleted' {
        $row = Get-KvmProcess -Id $scratch.Id -IncludeDeletedFiles
        $row.DeletedFiles | Should -Be @("/tmp/procmap-scratch-$($scratch.Id)")
        $inMaps = DeletedInMaps $scratch.Id
        $inMaps | Should -Contain '/memfd:procmap-memfd'
        $inMaps | Should -Contain "/dev/shm/procmap-shm-$($scratch.Id)"
        @($inMaps | Where-Object { $_ -like '/SYSV*' }).Count | Should -Be 1
    }

    It 'gives an empty list for a process with nothing deleted, and nothing without the switch' {
        @((Get-KvmProcess -Id $clean.Id -IncludeDeletedFiles).DeletedFiles).Count | Should -Be 0
        $null -eq (Get-KvmProcess -Id $clean.Id -IncludeDeletedFiles).DeletedFiles | Should -BeFalse
        (Get-KvmProcess -Id $upgraded.Id).DeletedFiles | Should -BeNullOrEmpty
    }
}

Describe 'The restart check' {
    It 'names the upgraded and the deleted program, grouped by unit, and none of the others' {
        $groups = @(Invoke-RestartCheck)
        $mine = @($groups.Group | Where-Object ProcessId -In $subjects | ForEach-Object ProcessId | Sort-Object)
        $mine | Should -Be @(@($upgraded.Id, $daemon.Id) | Sort-Object)
        ($groups | Where-Object { $_.Group.ProcessId -contains $upgraded.Id }).Name | Should -Be 'test-procmap.service'
        ($groups | Where-Object { $_.Group.ProcessId -contains $daemon.Id }).Group.Where({ $_.ProcessId -eq $daemon.Id }).Unit | Should -Be (Get-KvmProcess -Id $PID -IncludeControlGroup).Unit
    }

    It 'passes over this pwsh, whose JIT maps unlinked memfds (the false positive of checkrestart -n)' {
        @(Invoke-RestartCheck).Group.ProcessId | Should -Not -Contain $PID
        $own = Get-KvmProcess -Id $PID -IncludeDeletedFiles
        $own.DeletedFiles | Where-Object { $_ -like '/memfd:*' } | Should -BeNullOrEmpty
    }

    It 'agrees with checkrestart on the subjects' {
        # -m -v: one "file<TAB>PID<TAB>program<TAB>file" line per deleted file of each process it names.
        $lines = @(& checkrestart -m -v 2>$null | Where-Object { $_.StartsWith("file`t") })
        $named = @($lines | ForEach-Object { [int]$_.Split("`t")[1] } | Where-Object { $_ -in $subjects } | Sort-Object -Unique)
        $named | Should -Be @(@($upgraded.Id, $daemon.Id) | Sort-Object)
        $mine = @(Invoke-RestartCheck).Group | Where-Object ProcessId -In $subjects
        foreach ($process in $mine) {
            $theirs = @($lines | Where-Object { [int]$_.Split("`t")[1] -eq $process.ProcessId } | ForEach-Object { $_.Split("`t")[3] -replace ' \(deleted\)$' } | Sort-Object -Unique)
            $theirs | Should -Be @($process.DeletedFiles | Sort-Object -Unique)
        }
    }
}
