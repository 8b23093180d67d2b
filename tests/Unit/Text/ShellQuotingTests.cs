using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using CsCheck;
using ProcMap.Text;
using Xunit;

namespace ProcMap.Tests.Text;

public class ShellQuotingTests
{
    [Theory]
    [InlineData(new string[0], "")]
    [InlineData(new[] { "/usr/bin/sleep", "600" }, "/usr/bin/sleep 600")]
    [InlineData(new[] { "java", "-Xmx8g", "-Dkey=a,b:c@d%e+f" }, "java -Xmx8g -Dkey=a,b:c@d%e+f")]
    [InlineData(new[] { "prog", "" }, "prog ''")]
    [InlineData(new[] { "prog", "two words" }, "prog 'two words'")]
    [InlineData(new[] { "prog", "it's" }, "prog 'it'\\''s'")]
    [InlineData(new[] { "prog", "'" }, "prog ''\\'''")]
    [InlineData(new[] { "prog", "a\nb" }, "prog 'a\nb'")]
    [InlineData(new[] { "prog", "$HOME", "`id`", "\\", "*", "~", "#x", "a;b", "x|y" }, "prog '$HOME' '`id`' '\\' '*' '~' '#x' 'a;b' 'x|y'")]
    [InlineData(new[] { "prog", "café" }, "prog 'café'")]
    [InlineData(new[] { "FOO=bar", "x" }, "'FOO=bar' x")] // would be an assignment in command position
    [InlineData(new[] { "prog", "FOO=bar" }, "prog FOO=bar")] // an ordinary word elsewhere
    [InlineData(new[] { "if", "then" }, "'if' then")] // a reserved word only matters in command position
    [InlineData(new[] { "=x", "9A=b" }, "=x 9A=b")] // not assignments: no name before '='
    public void Quotes_only_where_needed(string[] arguments, string expected)
    {
        Assert.Equal(expected, ShellQuoting.Join(arguments));
    }

    // Pieces of arguments: every shell-special character, control characters, non-ASCII and astral text.
    private static readonly Gen<string> Piece = Gen.Frequency(
        (4, Gen.Char["abcXYZ019_-./=:,@%+"].Select(c => c.ToString())),
        (4, Gen.Char[" \t\n\r'\"\\$`*?[]{}()<>|&;#~!^"].Select(c => c.ToString())),
        (2, Gen.Char['\u0001', '\u007f'].Select(c => c.ToString())),
        (1, Gen.Char['\u0080', '\ud7ff'].Select(c => c.ToString())),
        (1, Gen.Int[0x10000, 0x10FFFF].Select(char.ConvertFromUtf32)));

    private static readonly Gen<string> Word = Piece.Array[0, 10].Select(pieces => string.Concat(pieces));

    private static readonly Gen<string[][]> Batch = Word.Array[1, 6].Array[1, 25];

    [Theory]
    [InlineData("/bin/sh")]
    [InlineData("/bin/bash")]
    public void A_real_shell_splits_the_command_line_back_into_the_same_arguments(string shell)
    {
        Assert.True(File.Exists(shell), $"{shell} is missing");
        Batch.Sample(
            vectors =>
            {
                var lines = vectors.Select(ShellQuoting.Join).ToArray();
                var split = SplitWithShell(shell, lines);
                Assert.Equal(vectors.Length, split.Count);
                for (int i = 0; i < vectors.Length; i++)
                {
                    Assert.Equal(vectors[i], split[i]);
                }
            },
            iter: 60);
    }

    // Runs "set -- LINE; printf '%s\0' $# "$@"" for each line in one shell and reads the words back as bytes.
    private static List<string[]> SplitWithShell(string shell, string[] lines)
    {
        var script = new StringBuilder();
        foreach (string line in lines)
        {
            script.Append("set -- ").Append(line).Append("\nprintf '%s\\0' \"$#\" \"$@\"\n");
        }

        var info = new ProcessStartInfo(shell)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        info.ArgumentList.Add("-s");
        info.Environment["LC_ALL"] = "C.UTF-8";
        using var process = Process.Start(info)!;
        process.StandardInput.Write(script.ToString());
        process.StandardInput.Close();
        using var output = new MemoryStream();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{shell} failed: {stderr.Result}");

        var words = output.ToArray();
        var result = new List<string[]>();
        int position = 0;
        while (position < words.Length)
        {
            int count = int.Parse(NextWord(words, ref position), System.Globalization.CultureInfo.InvariantCulture);
            var vector = new string[count];
            for (int i = 0; i < count; i++)
            {
                vector[i] = NextWord(words, ref position);
            }

            result.Add(vector);
        }

        return result;
    }

    private static string NextWord(byte[] bytes, ref int position)
    {
        int nul = Array.IndexOf(bytes, (byte)0, position);
        string word = Encoding.UTF8.GetString(bytes, position, nul - position);
        position = nul + 1;
        return word;
    }
}
