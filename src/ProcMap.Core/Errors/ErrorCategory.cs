namespace ProcMap;

/// <summary>
/// The category of a ProcMap error, named and numbered as PowerShell's
/// System.Management.Automation.ErrorCategory (ProcMap.Core has no PowerShell reference, so the cmdlets
/// cast one to the other; Module.Tests.ps1 checks that every name has the same number in both).
/// </summary>
public enum ProcMapErrorCategory
{
    /// <summary>ErrorCategory.NotSpecified.</summary>
    NotSpecified = 0,

    /// <summary>ErrorCategory.InvalidArgument.</summary>
    InvalidArgument = 5,

    /// <summary>ErrorCategory.InvalidData.</summary>
    InvalidData = 6,

    /// <summary>ErrorCategory.InvalidOperation.</summary>
    InvalidOperation = 7,

    /// <summary>ErrorCategory.NotImplemented.</summary>
    NotImplemented = 11,

    /// <summary>ErrorCategory.ObjectNotFound.</summary>
    ObjectNotFound = 13,

    /// <summary>ErrorCategory.PermissionDenied.</summary>
    PermissionDenied = 18,

    /// <summary>ErrorCategory.ResourceUnavailable.</summary>
    ResourceUnavailable = 21,

    /// <summary>ErrorCategory.ReadError.</summary>
    ReadError = 22,
}
