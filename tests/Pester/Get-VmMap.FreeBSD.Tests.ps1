# FreeBSD support is checked on Linux: the regions come from kinfo_vmentry bytes built from the amd64 layout
# of sys/sys/user.h (tests/Unit/Fixtures/freebsd, the same bytes the xunit suite checks), decoded by the
# module's own FreeBSD decoder, and shown by the view Get-VmMap selects for FreeBSD regions.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ProcMapUnderTest

    # ProcMap.Core loads with the first cmdlet call; its FreeBSD decoder is internal, so reflection reaches it.
    $null = Get-VmMap -Id $PID | Select-Object -First 1
    $decoder = [ProcMap.VmRegion].Assembly.GetType('ProcMap.FreeBsd.KinfoVmentryDecoder', $true)
    $decode = $decoder.GetMethod('Decode', [Reflection.BindingFlags]'Static, Public')
    $bytes = [IO.File]::ReadAllBytes((Join-Path $PSScriptRoot '../Unit/Fixtures/freebsd/vmmap-4242.bin'))
    $script:regions = @($decode.Invoke($null, @($bytes, 4242, 'fixture', [Threading.CancellationToken]::None)))
    # What Get-VmMap does with a region that carries kve_* facts.
    $script:freebsd = foreach ($region in $regions) {
        $wrapped = [psobject]::AsPSObject($region)
        $wrapped.PSObject.TypeNames.Insert(0, 'ProcMap.VmRegion#FreeBSD')
        $wrapped
    }

    function Get-TableLine([object[]] $InputObject, [string] $View) {
        $text = if ($View) { $InputObject | Format-Table -View $View | Out-String -Width 80 } else { $InputObject | Out-String -Width 80 }
        $text.Split("`n") | ForEach-Object { ($_ -replace '\s+', ' ').Trim() } | Where-Object { $_ }
    }
}

Describe 'FreeBSD regions' {
    It 'decode the fixture into four regions with their kve facts' {
        $regions.Count | Should -Be 4
        $regions[0].Path | Should -Be '/bin/sleep'
        $regions[0].ObjectType | Should -Be 'Vnode'
        $regions[0].EntryFlags | Should -Be 'CopyOnWrite, NeedsCopy'
        $regions[1].ResidentPages | Should -Be 512
        $regions[2].Kind | Should -Be 'Stack'
        $regions[3].Mapping | Should -Be '[guard]'
    }

    It 'print procstat -v''s columns by default, grouped by process, within 80 columns' {
        $lines = Get-TableLine $freebsd
        $lines | Should -Contain 'ProcessId: 4242'
        $lines | Should -Contain 'START PRT RES PRES FLAG TP PATH'
        $lines | Should -Contain '0x200000 r-x 3 0 CN--- vn /bin/sleep'
        $lines | Should -Contain '0x800000000 rw- 512 512 C-S-- sw'
        $lines | Should -Contain '0x7fffdffff000 rw- 4 4 ---DW sw'
        $lines | Should -Contain '0x7fffbffff000 --- 0 0 ----- gd'
    }

    It 'print the rest of procstat -v with -View FreeBSDObject' {
        $lines = Get-TableLine $freebsd -View FreeBSDObject
        $lines | Should -Contain 'START END REF SHD TP PATH'
        $lines | Should -Contain '0x200000 0x203000 5 1 vn /bin/sleep'
        $lines | Should -Contain '0x800000000 0x800200000 1 0 sw'
        $lines | Should -Contain '0x7fffbffff000 0x7fffdffff000 0 0 gd'
    }

    It 'filter and sort on the kve facts as numbers and flags' {
        ($regions | Where-Object { $_.EntryFlags -band [ProcMap.VmEntryAttributes]::CopyOnWrite }).Count | Should -Be 2
        ($regions | Sort-Object ResidentPages -Descending | Select-Object -First 1).ResidentPages | Should -BeOfType ([int])
        ($regions | ConvertTo-Json | ConvertFrom-Json)[1].ResidentPages | Should -Be 512
    }
}

Describe 'The FreeBSD view on Linux' {
    It 'is there for Format-Table -View FreeBSD and leaves the kve columns empty' {
        $lines = Get-TableLine (Get-VmMap -Id $PID | Select-Object -First 3) -View FreeBSD
        $lines | Should -Contain 'START PRT RES PRES FLAG TP PATH'
        $lines[0] | Should -Be "ProcessId: $PID"
        @($lines | Where-Object { $_ -match '^0x[0-9a-f]+ [r-][w-][x-] ' }).Count | Should -Be 3
    }

    It 'keeps the kve properties null on Linux regions' {
        $region = Get-VmMap -Id $PID | Select-Object -First 1
        $region.ResidentPages | Should -BeNullOrEmpty
        $region.EntryFlags | Should -BeNullOrEmpty
        $region.ObjectType | Should -BeNullOrEmpty
        $region.PSObject.TypeNames | Should -Not -Contain 'ProcMap.VmRegion#FreeBSD'
    }
}
