#
# Module manifest for ProcMap. This file is the one place the version lives: build.ps1 reads
# ModuleVersion from here and stamps it on the assemblies and the package.
#
@{
    RootModule           = 'ProcMap.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '3e4d8bdc-e00f-4ef8-82b8-e95c908a89f6'
    Author               = 'ProcMap contributors'
    CompanyName          = 'ProcMap contributors'
    Copyright            = '(c) 2026 ProcMap contributors. MIT License.'
    Description          = 'Process memory maps, physical pages, process lists and argument vectors on Unix as typed objects: Get-VmMap (kinfo_getvmmap/pmap), Get-PhysicalRegion (QNX introspection_get_physical_regions over pagemap), Get-KvmProcess (kvm_getprocs) and Get-ProcessArgs (kvm_getargv/kvm_getenvv), from the live kernel or an ELF core file.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('ProcMap.Format.ps1xml')
    TypesToProcess       = @('ProcMap.Types.ps1xml')
    CmdletsToExport      = @(
        'Get-VmMap'
        'Get-ProcessArgs'
        'Get-PhysicalRegion'
        'Get-KvmProcess'
        'Measure-VmMap'
        'Compare-VmMap'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    # Update-Help reads ProcMap_<GUID>_HelpInfo.xml from here (docs/help on the main branch); the help
    # itself ships in the module (en-US), so Get-Help works without it. build.ps1 -Task Package writes both.
    HelpInfoURI          = 'https://raw.githubusercontent.com/procmap/ProcMap/main/docs/help/'
    PrivateData          = @{
        PSData = @{
            Tags         = @('Linux', 'FreeBSD', 'procfs', 'memory', 'pmap', 'ps', 'kvm', 'PSEdition_Core')
            ProjectUri   = 'https://github.com/procmap/ProcMap'
            LicenseUri   = 'https://github.com/procmap/ProcMap/blob/main/LICENSE'
            ReleaseNotes = 'See CHANGELOG.md in the module folder, or https://github.com/procmap/ProcMap/blob/main/CHANGELOG.md.'
        }
    }
}
