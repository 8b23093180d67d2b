# What ProcMap objects look like after PowerShell's serializer, and what the views make of them, for the
# serialization and remoting tests: the serialization set of an object as the host's type table resolves
# it, a round trip through the serializer at remoting's depth, and the text of one view column for one
# object, read from ProcMap.Format.ps1xml itself.

# The properties the serializer sends for $InputObject, in order, resolved the way TypeTable.GetSpecificProperties
# does (PowerShell 7.6): the PropertySerializationSet of each of its type names in turn, until one says
# InheritPropertySerializationSet false. Empty when no type name has a set (everything is sent).
function Get-SerializationSet {
    param([Parameter(Mandatory)] $InputObject)
    $names = [Collections.Generic.List[string]]::new()
    foreach ($typeName in $InputObject.psobject.TypeNames) {
        $data = Get-TypeData -TypeName $typeName
        if (-not $data -or -not $data.PropertySerializationSet) { continue }
        foreach ($name in $data.PropertySerializationSet.ReferencedProperties) { if (-not $names.Contains($name)) { $names.Add($name) } }
        if (-not $data.InheritPropertySerializationSet) { break }
    }
    , $names.ToArray()
}

# $InputObject as remoting delivers it (minus PSComputerName and RunspaceId): serialized at depth 1 with
# this session's type table, which holds ProcMap's types file as the host's does, and deserialized.
function ConvertTo-Deserialized {
    param([Parameter(Mandatory, ValueFromPipeline)] $InputObject)
    process { [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($InputObject, 1)) }
}

# The views of ProcMap.Format.ps1xml (the copy in the module under test) as XML elements.
function Get-ProcMapView {
    $path = if ($env:PROCMAP_MODULE_PATH) { $env:PROCMAP_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/ProcMap' }
    ([xml](Get-Content -Raw (Join-Path $path 'ProcMap.Format.ps1xml'))).Configuration.ViewDefinitions.View
}

# One table view's columns: Label (the header, or the property name) and Item (the TableColumnItem).
function Get-ViewColumn {
    param([Parameter(Mandatory)] $View)
    $headers = @($View.TableControl.TableHeaders.TableColumnHeader)
    $items = @($View.TableControl.TableRowEntries.TableRowEntry.TableColumnItems.TableColumnItem)
    for ($i = 0; $i -lt $items.Count; $i++) {
        $label = if ($headers[$i].Label) { $headers[$i].Label } else { $items[$i].PropertyName }
        [pscustomobject]@{ Label = $label; Item = $items[$i] }
    }
}

# The text one column shows for $InputObject: its property or script block, then its format string,
# evaluated as the formatter does ($_ is the object).
function Get-ViewCellText {
    param([Parameter(Mandatory)] $Item, [Parameter(Mandatory)] $InputObject)
    $value = if ($Item.ScriptBlock) {
        $InputObject | ForEach-Object ([scriptblock]::Create($Item.ScriptBlock))
    }
    else { $InputObject.($Item.PropertyName) }
    if ($Item.FormatString -and $null -ne $value) { $Item.FormatString -f $value } else { "$value" }
}

# One value as a string that says what arrived, for comparing a local object with its remote copy. It
# encodes what PowerShell remoting carries today (serialization depth 1): numbers, strings, booleans and
# TimeSpan keep their .NET type; DateTime keeps its instant (the client sees it in its own local time);
# an enum property arrives as its name, a string; a list as an ArrayList of its items; a dictionary as
# an OrderedDictionary or Hashtable of its entries, in order.
function ConvertTo-WireForm {
    param($Value)
    if ($Value -is [psobject]) { $Value = $Value.psobject.BaseObject }
    if ($null -eq $Value) { return 'null' }
    if ($Value -is [string]) { return 'System.String:' + $Value }
    if ($Value -is [enum]) { return 'System.String:' + $Value.ToString() }
    if ($Value -is [datetime]) { return 'DateTime:' + $Value.ToUniversalTime().Ticks }
    if ($Value -is [Collections.IDictionary]) {
        $entries = foreach ($entry in $Value.GetEnumerator()) { "$($entry.Key)=$(ConvertTo-WireForm $entry.Value)" }
        return 'Dictionary:' + (@($entries) -join "`n")
    }
    if ($Value -is [Collections.IEnumerable]) {
        $items = foreach ($item in $Value) { ConvertTo-WireForm $item }
        return 'List:' + (@($items) -join "`n")
    }
    '{0}:{1}' -f $Value.GetType().FullName, [string]$Value
}

Export-ModuleMember -Function ConvertTo-WireForm, Get-SerializationSet, ConvertTo-Deserialized, Get-ProcMapView, Get-ViewColumn, Get-ViewCellText
