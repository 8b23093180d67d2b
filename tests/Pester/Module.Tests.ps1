# The module as a published artefact: manifest, exports, views, the package round trip, auto-loading.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ProcMapUnderTest
    $script:moduleBase = (Get-Module ProcMap).ModuleBase
}

Describe 'The manifest' {
    It 'passes Test-ModuleManifest with publishing metadata' {
        $manifest = Test-ModuleManifest (Join-Path $moduleBase 'ProcMap.psd1')
        $manifest.Author | Should -Not -BeNullOrEmpty
        $manifest.Description.Length | Should -BeGreaterThan 50
        $manifest.Guid | Should -Be '3e4d8bdc-e00f-4ef8-82b8-e95c908a89f6'
        $manifest.PowerShellVersion | Should -Be '7.4'
        $manifest.CompatiblePSEditions | Should -Be @('Core')
        $manifest.PrivateData.PSData.Tags | Should -Contain 'Linux'
        $manifest.PrivateData.PSData.ProjectUri | Should -Not -BeNullOrEmpty
        $manifest.PrivateData.PSData.LicenseUri | Should -Not -BeNullOrEmpty
    }

    It 'exports exactly the cmdlets the assembly defines' {
        $assembly = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'ProcMap.PowerShell' }
        $defined = $assembly.GetTypes() | ForEach-Object { $_.GetCustomAttributes([Management.Automation.CmdletAttribute], $false) } |
            ForEach-Object { "$($_.VerbName)-$($_.NounName)" } | Sort-Object
        $exported = (Get-Module ProcMap).ExportedCmdlets.Keys | Sort-Object
        $exported | Should -Be $defined
        (Import-PowerShellDataFile (Join-Path $moduleBase 'ProcMap.psd1')).CmdletsToExport | Sort-Object | Should -Be $defined
    }

    It 'stamps the manifest version on the assemblies' {
        $version = (Import-PowerShellDataFile (Join-Path $moduleBase 'ProcMap.psd1')).ModuleVersion
        foreach ($dll in 'ProcMap.PowerShell.dll', 'ProcMap.Core.dll') {
            [Reflection.AssemblyName]::GetAssemblyName((Join-Path $moduleBase $dll)).Version.ToString(3) | Should -Be $version
        }
    }

    It 'loads the format and types files' {
        Get-FormatData -TypeName ProcMap.VmRegion | Should -Not -BeNullOrEmpty
        (Get-TypeData -TypeName ProcMap.VmRegion).DefaultDisplayPropertySet | Should -Not -BeNullOrEmpty
    }

    It 'ships no reference assemblies and no build leftovers' {
        $files = Get-ChildItem -Recurse -File $moduleBase | ForEach-Object Name
        $files | Should -Not -Contain 'System.Management.Automation.dll'
        $files | Where-Object { $_ -like '*.deps.json' -or $_ -like '*.pdb' -or $_ -eq 'ProcMap.PowerShell.xml' } | Should -BeNullOrEmpty
    }
}

Describe 'Error records' {
    It 'uses PowerShell''s names and numbers for every ProcMap error category' {
        # ProcMap.Core has no PowerShell reference, so the cmdlets cast ProcMapErrorCategory to ErrorCategory.
        foreach ($name in [enum]::GetNames([ProcMap.ProcMapErrorCategory])) {
            [int][System.Management.Automation.ErrorCategory]$name | Should -Be ([int][ProcMap.ProcMapErrorCategory]$name) -Because $name
        }
    }

    It 'documents every ErrorId in docs/reference.md' {
        $reference = Get-Content -Raw (Join-Path $PSScriptRoot '../../docs/reference.md')
        $ids = [ProcMap.ErrorIds].GetFields() | Where-Object IsLiteral | ForEach-Object { $_.GetRawConstantValue() }
        $ids.Count | Should -BeGreaterThan 10
        foreach ($id in $ids) { $reference | Should -Match "``$id``" -Because "$id is an ErrorId scripts match on" }
    }
}

Describe 'The package' -Skip:(-not $env:PROCMAP_PACKAGE_PATH) {
    BeforeAll {
        # Install like a user: a local repository holding only the built .nupkg, Save-PSResource into a
        # fresh folder, that folder first on PSModulePath, then the module by name in a fresh pwsh.
        $script:repository = 'ProcMapTest' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $script:feed = Join-Path $TestDrive 'feed'
        $script:installed = Join-Path $TestDrive 'modules'
        $null = New-Item -ItemType Directory $feed, $installed
        Copy-Item $env:PROCMAP_PACKAGE_PATH $feed
        Register-PSResourceRepository -Name $repository -Uri $feed -Trusted
        $script:dotnet = [Environment]::ProcessPath
        $script:pwshArguments = @(if ([IO.Path]::GetFileNameWithoutExtension($dotnet) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
    }

    AfterAll {
        Unregister-PSResourceRepository -Name $repository -ErrorAction Ignore
    }

    It 'is found in a local repository and saved into a folder' {
        (Find-PSResource -Name ProcMap -Repository $repository).Version.ToString() |
            Should -Be (Import-PowerShellDataFile (Join-Path $moduleBase 'ProcMap.psd1')).ModuleVersion
        Save-PSResource -Name ProcMap -Repository $repository -Path $installed -TrustRepository
        Test-Path (Join-Path $installed 'ProcMap/*/ProcMap.psd1') | Should -BeTrue
        Test-Path (Join-Path $installed 'ProcMap/*/en-US/ProcMap.PowerShell.dll-Help.xml') | Should -BeTrue
    }

    It 'carries CHANGELOG.md, which the release notes point to' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($env:PROCMAP_PACKAGE_PATH)
        try { $zip.Entries.FullName | Should -Contain 'CHANGELOG.md' }
        finally { $zip.Dispose() }
        Test-Path (Join-Path $moduleBase 'CHANGELOG.md') | Should -BeTrue
        (Get-Module ProcMap).ReleaseNotes | Should -Match 'CHANGELOG\.md'
        Get-Content (Join-Path $moduleBase 'CHANGELOG.md') -First 1 | Should -Be '# Changelog'
    }

    It 'installs for the current user through PSResourceGet, and a fresh pwsh loads it by name' {
        # build.ps1 -Task Install runs tools/Install-ProcMap.ps1 on the package. Here HOME and XDG_DATA_HOME
        # point at a scratch folder and PSModulePath is unset, so the child pwsh computes its module path
        # the way a login shell would and the real profile is never touched.
        $scratchHome = Join-Path $TestDrive 'home'
        $data = Join-Path $scratchHome '.local/share'
        $null = New-Item -ItemType Directory $data
        $scratch = @('env', '-u', 'PSModulePath', "HOME=$scratchHome", "XDG_DATA_HOME=$data", $dotnet) + $pwshArguments + @('-NoProfile', '-NonInteractive')
        $said = & $scratch[0] @($scratch | Select-Object -Skip 1) -File (Join-Path $PSScriptRoot '../../tools/Install-ProcMap.ps1') -PackagePath $env:PROCMAP_PACKAGE_PATH 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($said -join "`n")
        $version = (Import-PowerShellDataFile (Join-Path $moduleBase 'ProcMap.psd1')).ModuleVersion
        $installed = Join-Path $data "powershell/Modules/ProcMap/$version"
        ($said -join "`n") | Should -Match ([regex]::Escape("Installed ProcMap $version for this user in $installed."))
        Test-Path (Join-Path $installed 'ProcMap.psd1') | Should -BeTrue
        # The throw-away repository is gone again.
        $repositories = Join-Path $data 'PSResourceGet/PSResourceRepository.xml'
        if (Test-Path $repositories) { Get-Content -Raw $repositories | Should -Not -Match 'ProcMapInstall' }

        $json = & $scratch[0] @($scratch | Select-Object -Skip 1) -Command '[pscustomobject]@{ Regions = @(Get-VmMap -Id $PID).Count; Base = (Get-Module ProcMap).ModuleBase } | ConvertTo-Json'
        $result = try { ($json -join "`n") | ConvertFrom-Json } catch { throw "The child pwsh wrote: $json" }
        $result.Base | Should -Be $installed
        $result.Regions | Should -BeGreaterThan 10
    }

    It 'auto-loads from PSModulePath when a cmdlet is called by name, and every cmdlet runs' {
        $script = @'
$regions = Get-VmMap -Id $PID
[pscustomobject]@{
    Loaded    = (Get-Module ProcMap).ModuleBase
    Regions   = $regions.Count
    Processes = @(Get-KvmProcess -Id $PID).Count
    Arguments = (Get-ProcessArgs -Id $PID).Arguments.Count
    Physical  = @(Get-VmMap -Id $PID | Where-Object Kind -eq Stack | Get-PhysicalRegion).Count
    Cmdlets   = @(Get-Command -Module ProcMap).Count
    Synopsis  = (Get-Help Get-VmMap).Synopsis
} | ConvertTo-Json
'@
        $env:PSModulePath = $installed + [IO.Path]::PathSeparator + $env:PSModulePath
        try {
            $json = & $dotnet @pwshArguments -NoProfile -NonInteractive -Command $script
        }
        finally {
            $env:PSModulePath = $env:PSModulePath.Substring($installed.Length + 1)
        }
        $result = try { ($json -join "`n") | ConvertFrom-Json } catch { throw "The child pwsh wrote: $json" }
        $result.Loaded | Should -BeLike "$installed*"
        $result.Regions | Should -BeGreaterThan 10
        $result.Processes | Should -Be 1
        $result.Arguments | Should -BeGreaterThan 2
        $result.Physical | Should -BeGreaterThan 0
        $result.Cmdlets | Should -Be (Get-Command -Module ProcMap).Count
        $result.Synopsis | Should -Match 'mapped'
    }
}

Describe 'Views' {
    BeforeAll {
        $script:subject = Start-Subject -FilePath sleep -ArgumentList 600
    }

    AfterAll {
        Stop-Subject $subject
    }

    # The 80-column rule for every table view is tests/Pester/Views.Tests.ps1.
    It 'every output type has a list view' -TestCases @(
        @{ Type = 'ProcMap.VmRegion' }, @{ Type = 'ProcMap.PhysicalRegion' }, @{ Type = 'ProcMap.ProcessInfo' }, @{ Type = 'ProcMap.ProcessArguments' }
    ) {
        (Get-FormatData -TypeName $Type -PowerShellVersion $PSVersionTable.PSVersion).FormatViewDefinition.Control |
            Where-Object { $_ -is [Management.Automation.ListControl] } | Should -Not -BeNullOrEmpty
    }

    It 'completes -Id of <Cmdlet> with process ids and their names' -TestCases @(
        @{ Cmdlet = 'Get-VmMap' }, @{ Cmdlet = 'Get-PhysicalRegion' }, @{ Cmdlet = 'Get-ProcessArgs' }, @{ Cmdlet = 'Get-KvmProcess' }
    ) {
        $line = "$Cmdlet -Id $($subject.Id)"
        $matches = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $match = $matches | Where-Object CompletionText -EQ ([string]$subject.Id)
        $match | Should -Not -BeNullOrEmpty
        $match.ToolTip + $match.ListItemText | Should -Match 'sleep'
    }
}

Describe 'Choosing processes by position' {
    BeforeAll {
        # A sleep under a name of this test's own, so -Name matches exactly the subject and nothing else.
        $script:name = 'pm' + [guid]::NewGuid().ToString('N').Substring(0, 10)
        $script:binary = Join-Path ([IO.Path]::GetTempPath()) $name
        Copy-Item (Get-Command sleep).Source $binary
        $script:named = Start-Subject -FilePath $binary -ArgumentList 600
        $script:kernelThread = Get-KvmProcess -Id 2 -ErrorAction Ignore | Where-Object { $_.VirtualSize -eq 0 }
    }

    AfterAll {
        Stop-Subject $named
        Remove-Item $binary -ErrorAction Ignore
    }

    It '<Cmdlet> NAME binds -Name and NUMBER binds -Id' -TestCases @(
        @{ Cmdlet = 'Get-VmMap' }, @{ Cmdlet = 'Get-PhysicalRegion' }, @{ Cmdlet = 'Get-ProcessArgs' }, @{ Cmdlet = 'Get-KvmProcess' }
    ) {
        $byName = @(& $Cmdlet $name)
        $byName.Count | Should -BeGreaterThan 0
        $byName.ProcessId | Sort-Object -Unique | Should -Be $named.Id
        $byId = @(& $Cmdlet $named.Id)
        $byId.Count | Should -BeGreaterThan 0
        $byId.ProcessId | Sort-Object -Unique | Should -Be $named.Id
    }

    It '-Id completion offers a kernel thread to Get-KvmProcess only: the others read an address space' -TestCases @(
        @{ Cmdlet = 'Get-VmMap'; Offered = $false }, @{ Cmdlet = 'Get-PhysicalRegion'; Offered = $false }
        @{ Cmdlet = 'Get-ProcessArgs'; Offered = $false }, @{ Cmdlet = 'Get-KvmProcess'; Offered = $true }
    ) {
        if (-not $kernelThread) { Set-ItResult -Skipped -Because 'pid 2 is no kernel thread here (a pid namespace)'; return }
        $line = "$Cmdlet -Id 2"
        $ids = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText)
        ($ids -contains '2') | Should -Be $Offered
    }
}

