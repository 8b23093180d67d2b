using System;

namespace ProcMap;

/// <summary>
/// Base of every error a ProcMap source reports. Each subclass knows the stable ErrorId and the category
/// of the one error record it becomes, so a new error touches one file and the PowerShell layer has no
/// table to keep in step; nothing else escapes a source.
/// </summary>
public abstract class ProcMapException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected ProcMapException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>The stable ErrorId of the record (one of <see cref="ErrorIds"/>).</summary>
    public abstract string ErrorId { get; }

    /// <summary>The record's category.</summary>
    public abstract ProcMapErrorCategory Category { get; }

    /// <summary>What the error is about: a process id, a path or an argument, shown as the record's TargetObject.</summary>
    public abstract object? Target { get; }

    /// <summary>What the user can do about it, when there is something; shown as the record's RecommendedAction.</summary>
    public virtual string? RecommendedAction => null;
}
