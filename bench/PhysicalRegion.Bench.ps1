# Get-PhysicalRegion on helpers with 1 GiB touched and 64 GiB reserved but untouched.
# Bar (CPU time): on the helper whose 1 GiB may use transparent huge pages, $r = Get-PhysicalRegion -Id P
# at most 0.3x reading /proc/P/pagemap for every page of every mapping in 1 MiB chunks (pread(2); what
# the entries cost the kernel), measured interleaved. Recorded: the same on the helper with plain 4 KiB
# pages, the plain PowerShell loop a user would write, the 1 GiB range alone, and the path for kernels
# without PAGEMAP_SCAN.

# The plain loop a user would write: one FileStream (default 4 KiB buffer) and BinaryReader.ReadUInt64 per
# page, counting present pages. [vsyscall] is skipped: the kernel has no pagemap entries above the user
# address space. Pages past $MaxPages of a mapping are not read; the caller scales for them.
function Invoke-PagemapLoop {
    param([int] $Id, [object[]] $Mappings, [long] $MaxPages = [long]::MaxValue)
    $stream = [IO.File]::OpenRead("/proc/$Id/pagemap")
    $reader = [IO.BinaryReader]::new($stream)
    $present = 0
    try {
        foreach ($mapping in $Mappings) {
            $pages = [math]::Min([long](($mapping.End - $mapping.Start) / 4096), $MaxPages)
            $stream.Position = [long]($mapping.Start / 4096) * 8
            for ($page = 0; $page -lt $pages; $page++) {
                $entry = $reader.ReadUInt64()
                if ($entry -shr 63) { $present++ }
            }
        }
    }
    finally { $reader.Dispose() }
    $present
}

# Get-PhysicalRegion -Id P against the 1 MiB-chunk pagemap loop over the same mappings, interleaved.
function Measure-AgainstChunks {
    param([int] $Id, [object[]] $Mappings, [int] $Runs)
    $starts = [ulong[]]@($Mappings.Start)
    $ends = [ulong[]]@($Mappings.End)
    Measure-Interleaved -Runs $Runs -Warmup 2 -Scripts ([ordered]@{
        chunks = { $null = [BenchNative]::ReadPagemap($Id, $starts, $ends, 1MB, 4096) }
        regions = { $r = Get-PhysicalRegion -Id $Id }
    })
}

$huge = Start-BenchHelper -Name touched_and_reserved -ArgumentList 1024, 64, huge
try {
    $id = $huge.Id
    $maps = @(Get-VmMap -Id $id | Where-Object Kind -NE 'Vsyscall')
    $touched = Get-VmMap -Id $id -Detailed | Where-Object Size -EQ 1GB
    Write-Host ("touched_and_reserved huge pid ${id}: {0} mappings, {1:n0} MiB of the 1 GiB in huge pages, {2:n0} regions; {3}" -f $maps.Count,
        ($touched.AnonHugePages / 1MB), @(Get-PhysicalRegion -Id $id).Count, (Get-MachineLoad))
    $pair = Measure-AgainstChunks -Id $id -Mappings $maps -Runs 11
    New-BenchResult -Name 'Get-PhysicalRegion -Id P (THP)' -Figures $pair.regions -Baseline 'pagemap, 1 MiB chunks' -BaselineFigures $pair.chunks -Bar 0.3
}
finally {
    $huge.Kill()
    $huge.WaitForExit()
}

$helper = Start-BenchHelper -Name touched_and_reserved -ArgumentList 1024, 64
try {
    $id = $helper.Id
    $maps = Get-VmMap -Id $id | Where-Object Kind -NE 'Vsyscall'
    $touched = $maps | Where-Object Size -EQ 1GB
    $reserved = $maps | Where-Object Size -EQ 64GB
    $others = $maps | Where-Object { $_.Size -ne 64GB }
    $regions = Get-PhysicalRegion -Id $id
    Write-Host ("touched_and_reserved pid ${id}: {0} mappings, {1:n0} pages, {2:n0} regions" -f @($maps).Count,
        (($maps | Measure-Object Size -Sum).Sum / 4096), @($regions).Count)

    $pair = Measure-AgainstChunks -Id $id -Mappings $maps -Runs 5
    New-BenchResult -Name 'Get-PhysicalRegion -Id P (4 KiB pages)' -Figures $pair.regions -Baseline 'pagemap, 1 MiB chunks' -BaselineFigures $pair.chunks -Bar 0

    # The loop over all 17 million pages takes about half a minute per run: it is timed over every page of
    # every other mapping plus the first 1,048,576 pages (4 GiB) of the reservation, and the reservation's
    # part is scaled by 16. Untouched pages cost the loop the same per page (it is pwsh's per-iteration cost).
    $samplePages = 1048576
    $scale = ($reserved.Size / 4096) / $samplePages
    $loopOthers = Measure-Once -Runs 3 { Invoke-PagemapLoop -Id $id -Mappings $others }
    $loopSample = Measure-Once -Runs 3 { Invoke-PagemapLoop -Id $id -Mappings $reserved -MaxPages $samplePages }
    $loopAll = [pscustomobject]@{ Cpu = $loopOthers.Cpu + $loopSample.Cpu * $scale; Wall = $loopOthers.Wall + $loopSample.Wall * $scale }
    New-BenchResult -Name 'Get-PhysicalRegion -Id P (65 GiB mapped)' -Figures $pair.regions -Baseline 'pwsh loop, every page (sampled)' -BaselineFigures $loopAll -Bar 0

    $loopTouched = Measure-Once -Runs 3 { Invoke-PagemapLoop -Id $id -Mappings $touched }
    $range = Measure-Once { $regions = Get-PhysicalRegion -Id $id -StartAddress $touched.Start -EndAddress $touched.End }
    New-BenchResult -Name 'Get-PhysicalRegion 1 GiB touched range' -Figures $range -Baseline 'pwsh loop, same range' -BaselineFigures $loopTouched -Bar 0

    # Recorded, no bar: the path for kernels without PAGEMAP_SCAN reads all 128 MiB of pagemap entries.
    $env:PROCMAP_DISABLE_PAGEMAP_SCAN = '1'
    try { $fallback = Measure-Once -Runs 3 { $regions = Get-PhysicalRegion -Id $id } }
    finally { Remove-Item Env:PROCMAP_DISABLE_PAGEMAP_SCAN }
    New-BenchResult -Name 'Get-PhysicalRegion -Id P, no PAGEMAP_SCAN' -Figures $fallback -Baseline 'pwsh loop, every page (sampled)' -BaselineFigures $loopAll -Bar 0
    New-BenchResult -Name 'Get-PhysicalRegion -Id P, no PAGEMAP_SCAN' -Figures $fallback -Baseline 'Get-PhysicalRegion -Id P' -BaselineFigures $pair.regions -Bar 0
}
finally {
    $helper.Kill()
    $helper.WaitForExit()
}
