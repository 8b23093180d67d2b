<#
.SYNOPSIS
    Writes ProcMap's MAML help (en-US/ProcMap.PowerShell.dll-Help.xml) from docs/help/*.md and the
    cmdlets' own metadata.
.DESCRIPTION
    platyPS is not available here, so this is ProcMap's own small generator. The prose (synopsis,
    description, examples, parameter descriptions, inputs, outputs, notes) comes from one markdown file per
    cmdlet in docs/help; the syntax (parameter sets, types, mandatory, position, pipeline input, aliases,
    wildcards) comes from Get-Command on the built module, so it can never drift from the code.
    build.ps1 runs this in a child pwsh after laying out out/ProcMap. Missing descriptions are reported
    as warnings here and fail the Help tests in tests/Pester/Help.Tests.ps1.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SourcePath,
    [Parameter(Mandatory)] [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

# Splits a cmdlet's markdown into sections: SYNOPSIS/DESCRIPTION/NOTES text, EXAMPLES, PARAMETERS,
# INPUTS, OUTPUTS and RELATED LINKS entries.
function Read-HelpMarkdown {
    param([string] $Path)
    $doc = @{ SYNOPSIS = @(); DESCRIPTION = @(); NOTES = @(); EXAMPLES = [Collections.Generic.List[object]]::new()
              PARAMETERS = [ordered]@{}; INPUTS = [ordered]@{}; OUTPUTS = [ordered]@{}; 'RELATED LINKS' = @() }
    $section = $null; $entry = $null; $fence = $null; $fenceLines = $null
    foreach ($line in Get-Content -LiteralPath $Path) {
        if ($null -ne $fence) {
            if ($line -eq '```') {
                $text = $fenceLines -join "`n"
                if ($fence -eq 'output') { $entry.Output = $text } else { $entry.Code = $text }
                $fence = $null
            }
            else { $fenceLines.Add($line) }
            continue
        }
        if ($line -match '^```(\w*)$') {
            $fence = if ($Matches[1]) { $Matches[1] } else { 'powershell' }
            $fenceLines = [Collections.Generic.List[string]]::new()
            continue
        }
        if ($line -match '^## (.+)$') { $section = $Matches[1].Trim(); $entry = $null; continue }
        if ($line -match '^### (.+)$') {
            $title = $Matches[1].Trim()
            $entry = [pscustomobject]@{ Title = $title; Code = ''; Output = ''; Text = @() }
            switch ($section) {
                'EXAMPLES' { $doc.EXAMPLES.Add($entry) }
                'PARAMETERS' { $doc.PARAMETERS[$title.TrimStart('-')] = $entry }
                'INPUTS' { $doc.INPUTS[$title] = $entry }
                'OUTPUTS' { $doc.OUTPUTS[$title] = $entry }
            }
            continue
        }
        if ($line -match '^# ') { continue }
        if ($null -ne $entry) { $entry.Text += $line }
        elseif ($section -eq 'RELATED LINKS') { if ($line -match '^- (.+)$') { $doc['RELATED LINKS'] += $Matches[1].Trim() } }
        elseif ($section -in 'SYNOPSIS', 'DESCRIPTION', 'NOTES') { $doc[$section] += $line }
    }
    $doc
}

# Markdown lines to paragraphs: blank lines separate them; lines within one are joined with spaces.
function ConvertTo-Paragraphs {
    param([string[]] $Lines)
    $paragraphs = [Collections.Generic.List[string]]::new()
    $current = [Collections.Generic.List[string]]::new()
    foreach ($line in @($Lines) + '') {
        if ([string]::IsNullOrWhiteSpace($line)) {
            if ($current.Count) { $paragraphs.Add(($current -join ' ')); $current.Clear() }
        }
        else { $current.Add($line.Trim()) }
    }
    , $paragraphs.ToArray()
}

$maml = 'http://schemas.microsoft.com/maml/2004/10'
$command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

function Write-Paragraphs {
    param([Xml.XmlWriter] $Writer, [string] $Element, [string[]] $Paragraphs)
    $Writer.WriteStartElement('maml', $Element, $maml)
    foreach ($paragraph in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $maml, $paragraph) }
    $Writer.WriteEndElement()
}

function Get-PipelineInput {
    param($Parameter)
    $kinds = @()
    if ($Parameter.ValueFromPipeline) { $kinds += 'ByValue' }
    if ($Parameter.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
}

# One parameter's facts for MAML: binding facts from a parameter set, aliases and attributes from the
# cmdlet-wide metadata.
function Join-ParameterFacts {
    param($InSet, $Metadata)
    [pscustomobject]@{
        Name = $InSet.Name; ParameterType = $InSet.ParameterType; IsMandatory = $InSet.IsMandatory
        Position = $InSet.Position; ValueFromPipeline = $InSet.ValueFromPipeline
        ValueFromPipelineByPropertyName = $InSet.ValueFromPipelineByPropertyName
        Aliases = $Metadata.Aliases; Attributes = $Metadata.Attributes
    }
}

function Write-Parameter {
    param([Xml.XmlWriter] $Writer, $Parameter, [string[]] $Description, [bool] $InSyntax)
    $isSwitch = $Parameter.ParameterType -eq [switch]
    $wildcards = [bool]($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
    $Writer.WriteStartElement('command', 'parameter', $command)
    $Writer.WriteAttributeString('required', ([string]$Parameter.IsMandatory).ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', ([string]$Parameter.ParameterType.IsArray).ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', ([string]$wildcards).ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', (Get-PipelineInput $Parameter))
    $Writer.WriteAttributeString('position', $(if ($Parameter.Position -ge 0) { [string]$Parameter.Position } else { 'named' }))
    $Writer.WriteAttributeString('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $Writer.WriteElementString('maml', 'name', $maml, $Parameter.Name)
    Write-Paragraphs $Writer 'description' $Description
    if (-not $isSwitch -or -not $InSyntax) {
        $Writer.WriteStartElement('command', 'parameterValue', $command)
        $Writer.WriteAttributeString('required', ([string](-not $isSwitch)).ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', ([string]$Parameter.ParameterType.IsArray).ToLowerInvariant())
        $Writer.WriteString($Parameter.ParameterType.Name)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $dev)
    $Writer.WriteElementString('maml', 'name', $maml, $Parameter.ParameterType.FullName)
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $dev, $(if ($isSwitch) { 'False' } else { 'None' }))
    $Writer.WriteEndElement()
}

Import-Module (Join-Path $ModulePath 'ProcMap.psd1') -Force
$common = [Management.Automation.PSCmdlet]::CommonParameters + [Management.Automation.PSCmdlet]::OptionalCommonParameters
$null = New-Item -ItemType Directory -Force $OutputPath
$settings = [Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [Text.UTF8Encoding]::new($false) }
$writer = [Xml.XmlWriter]::Create((Join-Path $OutputPath 'ProcMap.PowerShell.dll-Help.xml'), $settings)
$writer.WriteStartElement('helpItems', 'http://msh')
$writer.WriteAttributeString('schema', 'maml')
foreach ($cmdlet in Get-Command -Module ProcMap -CommandType Cmdlet | Sort-Object Name) {
    $source = Join-Path $SourcePath "$($cmdlet.Name).md"
    if (-not (Test-Path $source)) { Write-Warning "No help source $source for $($cmdlet.Name)."; continue }
    $doc = Read-HelpMarkdown $source
    $parameters = @($cmdlet.Parameters.Values | Where-Object Name -NotIn $common)
    foreach ($parameter in $parameters) {
        if (-not $doc.PARAMETERS.Contains($parameter.Name)) { Write-Warning "$($cmdlet.Name) -$($parameter.Name) has no description in $source." }
    }
    foreach ($name in $doc.PARAMETERS.Keys) {
        if ($name -notin $parameters.Name) { Write-Warning "$source describes -$name, which $($cmdlet.Name) does not have." }
    }
    $describe = { param($name) if ($doc.PARAMETERS.Contains($name)) { ConvertTo-Paragraphs $doc.PARAMETERS[$name].Text } else { @() } }

    $writer.WriteStartElement('command', 'command', $command)
    $writer.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $writer.WriteAttributeString('xmlns', 'dev', $null, $dev)
    $writer.WriteStartElement('command', 'details', $command)
    $writer.WriteElementString('command', 'name', $command, $cmdlet.Name)
    $writer.WriteElementString('command', 'verb', $command, $cmdlet.Verb)
    $writer.WriteElementString('command', 'noun', $command, $cmdlet.Noun)
    Write-Paragraphs $writer 'description' (ConvertTo-Paragraphs $doc.SYNOPSIS)
    $writer.WriteEndElement()
    Write-Paragraphs $writer 'description' (ConvertTo-Paragraphs $doc.DESCRIPTION)

    $writer.WriteStartElement('command', 'syntax', $command)
    foreach ($set in $cmdlet.ParameterSets) {
        $writer.WriteStartElement('command', 'syntaxItem', $command)
        $writer.WriteElementString('maml', 'name', $maml, $cmdlet.Name)
        $ordered = @($set.Parameters | Where-Object Name -NotIn $common |
            Sort-Object @{ Expression = { if ($_.Position -ge 0) { $_.Position } else { [int]::MaxValue } } }, @{ Expression = { -not $_.IsMandatory } })
        foreach ($parameter in $ordered) {
            Write-Parameter $writer (Join-ParameterFacts $parameter $cmdlet.Parameters[$parameter.Name]) (& $describe $parameter.Name) $true
        }
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'parameters', $command)
    foreach ($parameter in $parameters | Sort-Object Name) {
        $first = @($cmdlet.ParameterSets | ForEach-Object { $_.Parameters } | Where-Object Name -EQ $parameter.Name)[0]
        Write-Parameter $writer (Join-ParameterFacts $first $parameter) (& $describe $parameter.Name) $false
    }
    $writer.WriteEndElement()

    foreach ($kind in @(@('INPUTS', 'inputTypes', 'inputType'), @('OUTPUTS', 'returnValues', 'returnValue'))) {
        $writer.WriteStartElement('command', $kind[1], $command)
        foreach ($type in $doc[$kind[0]].Keys) {
            $writer.WriteStartElement('command', $kind[2], $command)
            $writer.WriteStartElement('dev', 'type', $dev)
            $writer.WriteElementString('maml', 'name', $maml, $type)
            $writer.WriteEndElement()
            Write-Paragraphs $writer 'description' (ConvertTo-Paragraphs $doc[$kind[0]][$type].Text)
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()
    }

    $writer.WriteStartElement('maml', 'alertSet', $maml)
    $writer.WriteStartElement('maml', 'alert', $maml)
    foreach ($paragraph in ConvertTo-Paragraphs $doc.NOTES) { $writer.WriteElementString('maml', 'para', $maml, $paragraph) }
    $writer.WriteEndElement()
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'examples', $command)
    $number = 0
    foreach ($example in $doc.EXAMPLES) {
        $number++
        $writer.WriteStartElement('command', 'example', $command)
        $writer.WriteElementString('maml', 'title', $maml, "-------------------------- $($example.Title) --------------------------")
        $writer.WriteElementString('dev', 'code', $dev, $example.Code)
        $writer.WriteStartElement('dev', 'remarks', $dev)
        if ($example.Output) { $writer.WriteElementString('maml', 'para', $maml, $example.Output) }
        foreach ($paragraph in ConvertTo-Paragraphs $example.Text) { $writer.WriteElementString('maml', 'para', $maml, $paragraph) }
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    # The first link is the online page, as platyPS writes it: Get-Help -Online opens the first link with a
    # URI, and Get-Help -Full lists it under RELATED LINKS. It is the cmdlet's own HelpUri.
    $writer.WriteStartElement('command', 'relatedLinks', $command)
    if ($cmdlet.HelpUri) {
        $writer.WriteStartElement('maml', 'navigationLink', $maml)
        $writer.WriteElementString('maml', 'linkText', $maml, 'Online Version:')
        $writer.WriteElementString('maml', 'uri', $maml, $cmdlet.HelpUri)
        $writer.WriteEndElement()
    }
    foreach ($link in $doc['RELATED LINKS']) {
        $writer.WriteStartElement('maml', 'navigationLink', $maml)
        $writer.WriteElementString('maml', 'linkText', $maml, $link)
        $writer.WriteElementString('maml', 'uri', $maml, '')
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
    $writer.WriteEndElement()
}
$writer.WriteEndElement()
$writer.Dispose()
Copy-Item (Join-Path $SourcePath 'about_ProcMap.help.txt') $OutputPath
