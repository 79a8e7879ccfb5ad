namespace Autograd.Host.Tests;

public class SmokeTests
{
    [Fact]
    public void The_test_project_builds_against_its_source_project() =>
        Assert.Equal([2, 3], Autograd.Tensor.Zeros(2, 3).Shape);
}
