using System.Globalization;
using System.Text;

namespace Autograd.Client.Checkpoints;

/// <summary>
/// The few pieces of JSON a safetensors header is made of, written byte for byte as the
/// reference writer (Rust's serde_json) writes them, so the same tensors give the same file
/// here and there. System.Text.Json cannot be told to: it escapes non-ASCII, '+', '&lt;' and
/// others, and writes control characters as <c>\u001F</c> where serde_json writes <c>\u001f</c>.
/// </summary>
internal static class HeaderJson
{
    /// <summary>Strict UTF-8: a name with a lone surrogate has no UTF-8 form and must not become U+FFFD silently.</summary>
    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Ordinal order of the UTF-8 bytes, which is Rust's <c>String</c> order. UTF-16 ordinal
    /// order differs from it for characters beyond U+FFFF against those from U+E000 up.
    /// </summary>
    public static readonly IComparer<string> Order = Comparer<string>.Create(
        (a, b) => Utf8.GetBytes(a).AsSpan().SequenceCompareTo(Utf8.GetBytes(b)));

    /// <summary>A JSON string: only '"', '\' and control characters are escaped, the rest is written as is.</summary>
    public static StringBuilder AppendString(this StringBuilder json, string value)
    {
        json.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case < ' ': json.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
                default: json.Append(c); break;
            }
        }
        return json.Append('"');
    }

    /// <summary>A JSON array of integers, no spaces: <c>[2,3]</c>.</summary>
    public static StringBuilder AppendIntegers<T>(this StringBuilder json, IEnumerable<T> values) where T : IFormattable =>
        json.Append('[').AppendJoin(',', values.Select(v => v.ToString(null, CultureInfo.InvariantCulture))).Append(']');
}
