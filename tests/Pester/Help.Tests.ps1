# Holds the generated help to the code: every cmdlet has a synopsis, a description, at least two
# examples with output, and a description for every parameter.
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
