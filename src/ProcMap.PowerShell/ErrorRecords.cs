using System.Management.Automation;

namespace ProcMap.PowerShell;

/// <summary>The one mapping from a source's exception to the error record a user sees.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(ProcMapException exception)
    {
        var (errorId, category) = exception switch
        {
            ProcessNotFoundException => (ErrorIds.ProcessNotFound, ErrorCategory.ObjectNotFound),
            ProcessAccessDeniedException => (ErrorIds.AccessDenied, ErrorCategory.PermissionDenied),
            ProcReadException => (ErrorIds.ProcReadFailed, ErrorCategory.ReadError),
            ProcMapArgumentException argument => (argument.ErrorId, ErrorCategory.InvalidArgument),
            SourceNotSupportedException => (ErrorIds.PlatformNotSupported, ErrorCategory.NotImplemented),
            CoreFileInvalidException => (ErrorIds.CoreFileInvalid, ErrorCategory.InvalidData),
            CoreFileNotFoundException => (ErrorIds.CoreFileNotFound, ErrorCategory.ObjectNotFound),
            CoreFileUnreadableException { AccessDenied: true } => (ErrorIds.CoreFileUnreadable, ErrorCategory.PermissionDenied),
            CoreFileUnreadableException => (ErrorIds.CoreFileUnreadable, ErrorCategory.ReadError),
            CoreDataNotDumpedException => (ErrorIds.CoreDataNotDumped, ErrorCategory.ResourceUnavailable),
            ProcessNameNotFoundException => (ErrorIds.ProcessNameNotFound, ErrorCategory.ObjectNotFound),
            _ => (exception.GetType().Name, ErrorCategory.NotSpecified),
        };

        var record = new ErrorRecord(exception, errorId, category, exception.Target);
        if (exception is ProcessAccessDeniedException)
        {
            record.ErrorDetails = new ErrorDetails(exception.Message)
            {
                RecommendedAction = "Run as the process's owner, or as root (CAP_SYS_PTRACE).",
            };
        }

        return record;
    }
}
