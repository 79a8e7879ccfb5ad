using System.Text;
using Xunit.Sdk;

namespace Autograd.Nodes.Tests.Ops;

/// <summary>Element-wise closeness, |actual - expected| &lt;= atol + rtol * |expected|, with a message that shows where.</summary>
public static class TensorAssert
{
    public static void Close(Tensor expected, Tensor actual, double atol, double rtol, string what)
    {
        if (!expected.Dims.SequenceEqual(actual.Dims))
            throw new XunitException(
                $"{what}: shape {Tensor.ShapeText(actual.Dims)} but expected {Tensor.ShapeText(expected.Dims)}");

        var wrong = new StringBuilder();
        int wrongCount = 0;
        for (int i = 0; i < expected.Count; i++)
        {
            double e = expected.Span[i], a = actual.Span[i];
            if (Math.Abs(a - e) <= atol + rtol * Math.Abs(e)) continue; // NaN falls through: never close
            if (wrongCount++ < 5) wrong.Append($"\n  [{i}] expected {e:G9}, actual {a:G9}");
        }
        if (wrongCount > 0)
            throw new XunitException(
                $"{what}: {wrongCount} of {expected.Count} elements differ (atol {atol}, rtol {rtol}):{wrong}");
    }
}
