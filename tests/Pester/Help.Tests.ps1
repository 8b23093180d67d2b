# Holds the generated help to the code: every cmdlet has a synopsis, a description, at least two
# examples with output, a description for every parameter, a help message for every mandatory one, and an
# online page; and Update-Help ends the way the README says it does.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ProcMapUnderTest
    $script:cmdletCases = @(Get-Command -Module ProcMap -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
    $common = [Management.Automation.PSCmdlet]::CommonParameters + [Management.Automation.PSCmdlet]::OptionalCommonParameters
    $script:parameterCases = @(Get-Command -Module ProcMap -CommandType Cmdlet | ForEach-Object {
            $cmdlet = $_.Name
            $_.Parameters.Keys | Where-Object { $_ -notin $common } | ForEach-Object { @{ Cmdlet = $cmdlet; Parameter = $_ } }
        })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ProcMapUnderTest
    $script:manifest = Import-PowerShellDataFile (Join-Path (Get-Module ProcMap).ModuleBase 'ProcMap.psd1')
    $script:docs = Join-Path $PSScriptRoot '../../docs/help'
}

Describe 'Cmdlet help' {
    It '<Name> has help from ProcMap.PowerShell.dll-Help.xml in en-US' -TestCases $cmdletCases {
        # PowerShell finds a binary cmdlet's help only at <ModuleBase>/<culture>/<assembly file>-Help.xml.
        $file = Join-Path (Get-Module ProcMap).ModuleBase 'en-US/ProcMap.PowerShell.dll-Help.xml'
        Test-Path $file | Should -BeTrue
        ([xml](Get-Content -Raw $file)).helpItems.command.details.name | Should -Contain $Name
    }

    It '<Name> has a synopsis and a description' -TestCases $cmdletCases {
        $help = Get-Help $Name
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^\s*$Name\s+\["
        ($help.Description.Text -join ' ').Length | Should -BeGreaterThan 80
    }

    It '<Name> has at least two examples, each with code and output' -TestCases $cmdletCases {
        $examples = @((Get-Help $Name).Examples.Example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.Code | Should -Match $Name
            ($example.Remarks.Text -join "`n") | Should -Not -BeNullOrEmpty
        }
    }

    It '<Cmdlet> -<Parameter> has a description' -TestCases $parameterCases {
        $help = Get-Help $Cmdlet -Parameter $Parameter
        ($help.Description.Text -join ' ') | Should -Not -BeNullOrEmpty
    }

    It '<Name> has no paragraph twice in its description' -TestCases $cmdletCases {
        $paragraphs = @((Get-Help $Name).Description.Text)
        $paragraphs.Count | Should -BeGreaterThan 1
        @($paragraphs | Group-Object | Where-Object Count -GT 1).Name | Should -BeNullOrEmpty
    }

    It '<Name> has a HelpUri to its page under docs/help at the ProjectUri, which Get-Help -Online opens' -TestCases $cmdletCases {
        $uri = "$($manifest.PrivateData.PSData.ProjectUri)/blob/main/docs/help/$Name.md"
        (Get-Command $Name).HelpUri | Should -Be $uri
        Test-Path (Join-Path $docs "$Name.md") | Should -BeTrue
        # Get-Help -Online opens the first related link that has a URI.
        @((Get-Help $Name).relatedLinks.navigationLink | Where-Object { $_.uri })[0].uri | Should -Be $uri
    }

    It '<Name> gives every mandatory parameter a help message for the prompt''s !?' -TestCases $cmdletCases {
        foreach ($set in (Get-Command $Name).ParameterSets) {
            foreach ($parameter in $set.Parameters | Where-Object IsMandatory) {
                $parameter.HelpMessage | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) is mandatory in the $($set.Name) set"
            }
        }
    }

    It '<Name> has a syntax line for every parameter set' -TestCases $cmdletCases {
        @((Get-Help $Name).Syntax.SyntaxItem).Count | Should -Be (Get-Command $Name).ParameterSets.Count
    }
}

Describe 'about_ProcMap' {
    It 'is found by Get-Help and names every cmdlet' {
        $text = Get-Help about_ProcMap | Out-String
        $text | Should -Match 'TOPIC'
        foreach ($name in (Get-Command -Module ProcMap -CommandType Cmdlet).Name) { $text | Should -Match $name }
    }

    It 'keeps its lines within 80 columns' {
        $path = Join-Path (Get-Module ProcMap).ModuleBase 'en-US/about_ProcMap.help.txt'
        Get-Content $path | Where-Object Length -GT 80 | Should -BeNullOrEmpty
    }
}

Describe 'Update-Help' {
    BeforeAll {
        $script:dotnet = [Environment]::ProcessPath
        $script:pwshArguments = @(if ([IO.Path]::GetFileNameWithoutExtension($dotnet) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
        $script:guidName = "ProcMap_$($manifest.GUID)_HelpInfo.xml"
        # Runs $Command in a fresh pwsh with a scratch HOME (Update-Help writes to the user's help folder)
        # and the module's folder first on PSModulePath, under the locale $Lang; returns what it printed.
        function Invoke-FreshPwsh([string] $Command, [string] $Lang) {
            $scratchHome = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
            $null = New-Item -ItemType Directory $scratchHome
            $modules = Split-Path (Get-Module ProcMap).ModuleBase
            $out = & env "HOME=$scratchHome" "XDG_DATA_HOME=$scratchHome/.local/share" "LANG=$Lang" "LC_ALL=$Lang" "PSModulePath=$modules" `
                $dotnet @pwshArguments -NoProfile -NonInteractive -Command "$Command 2>&1 | ForEach-Object { `$_.ToString() }" 2>&1
            [pscustomobject]@{ Text = ($out -join "`n"); Home = $scratchHome }
        }
    }

    It 'finds HelpInfo.xml at the HelpInfoURI: docs/help keeps the one the build writes' {
        $raw = $manifest.PrivateData.PSData.ProjectUri -replace '^https://github.com/', 'https://raw.githubusercontent.com/'
        $manifest.HelpInfoURI | Should -Be "$raw/main/docs/help/"
        $committed = [xml](Get-Content -Raw (Join-Path $docs $guidName))
        $committed.HelpInfo.SupportedUICultures.UICulture.UICultureName | Should -Be 'en-US'
        $committed.HelpInfo.SupportedUICultures.UICulture.UICultureVersion | Should -Be "$($manifest.ModuleVersion).0"
        $committed.HelpInfo.HelpContentURI | Should -Be "$($manifest.PrivateData.PSData.ProjectUri)/releases/download/v$($manifest.ModuleVersion)/"
        if ($env:PROCMAP_PACKAGE_PATH) {
            $built = Join-Path (Split-Path $env:PROCMAP_PACKAGE_PATH) "help/$guidName"
            (Get-Content -Raw $built) | Should -Be (Get-Content -Raw (Join-Path $docs $guidName))
        }
    }

    It 'installs the help a release carries from a folder, and Get-Help reads it' -Skip:(-not $env:PROCMAP_PACKAGE_PATH) {
        $source = Join-Path (Split-Path $env:PROCMAP_PACKAGE_PATH) 'help'
        $run = Invoke-FreshPwsh "Update-Help -Module ProcMap -UICulture en-US -SourcePath '$source' -Force -Verbose; (Get-Help Get-VmMap).Synopsis" 'en_US.UTF-8'
        $run.Text | Should -Match 'ProcMap: Updated .*ProcMap.PowerShell.dll-Help.xml'
        $run.Text | Should -Not -Match 'Failed to update'
        $run.Text | Should -Match 'Lists what is mapped where'
        Test-Path "$($run.Home)/.local/share/powershell/Help/ProcMap/en-US/ProcMap.PowerShell.dll-Help.xml" | Should -BeTrue
    }

    # What a user sees on a C or POSIX locale (LANG=C.UTF-8, as in many containers): PowerShell itself refuses
    # before it looks at any module (UpdateHelpCommand's FailedToUpdateHelpWithLocaleNoUICulture), so no
    # module can change that message; about_ProcMap and the README give the -UICulture en-US it asks for.
    It 'on a C locale ends with PowerShell''s request for -UICulture en-US, which about_ProcMap explains' {
        $run = Invoke-FreshPwsh 'Update-Help -Module ProcMap' 'C.UTF-8'
        $run.Text | Should -Match 'Update-Help -UICulture en-US'
        $about = Get-Content -Raw (Join-Path (Get-Module ProcMap).ModuleBase 'en-US/about_ProcMap.help.txt')
        $about | Should -Match 'Update-Help -Module ProcMap -UICulture en-US'
    }
}
