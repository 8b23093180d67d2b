namespace ProcMap;

/// <summary>
/// What a source returns for Get-ProcessArgs: the arguments, and the error met reading the environment
/// when one was asked for and the kernel refused (ptrace rights). The object still goes out; the cmdlet
/// adds the error as a non-terminating record beside it.
/// </summary>
/// <param name="Arguments">The argument vector (and environment when it could be read).</param>
/// <param name="EnvironmentError">Why the environment is missing, or null.</param>
public sealed record ArgumentsReading(ProcessArguments Arguments, ProcMapException? EnvironmentError);
