using Edge.Config.Model;

namespace Edge.Config.Tests.Model;

public sealed class PathTemplateTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/coffeebar/v1")]
    [InlineData("/a-b_c.d~e")]
    public void IsValidBasePath_Valid_ReturnsTrue(string path)
    {
        Assert.True(PathTemplate.IsValidBasePath(path, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("coffee")]
    [InlineData("/coffee/")]
    [InlineData("/a//b")]
    [InlineData("/a?b")]
    [InlineData("/a#b")]
    [InlineData("/{x}")]
    public void IsValidBasePath_Invalid_ReturnsFalse(string path)
    {
        Assert.False(PathTemplate.IsValidBasePath(path, out _));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/menu")]
    [InlineData("/order/{orderId}")]
    [InlineData("/order/{orderId}/items/{item_2}")]
    [InlineData("/files/*")]
    [InlineData("/*")]
    [InlineData("/users/")]
    public void IsValidTemplate_Valid_ReturnsTrue(string template)
    {
        Assert.True(PathTemplate.IsValidTemplate(template, out _));
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("menu", null)]
    [InlineData("/a//b", null)]
    [InlineData("/a?x=1", null)]
    [InlineData("/order/id-{id}", "must be a whole segment")]
    [InlineData("/order/{1id}", "not an identifier")]
    [InlineData("/order/{}", "not an identifier")]
    [InlineData("/order/{id}/x/{id}", "appears twice")]
    [InlineData("/files/*/x", "last segment")]
    [InlineData("/files/a*", "must be a whole segment")]
    public void IsValidTemplate_Invalid_ReturnsFalseWithReason(string template, string? reasonPart)
    {
        Assert.False(PathTemplate.IsValidTemplate(template, out var reason));
        if (reasonPart is not null) Assert.Contains(reasonPart, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/order/{a}", "/order/{}")]
    [InlineData("/order/{b}/x", "/order/{}/x")]
    [InlineData("/files/*", "/files/*")]
    public void Shape_Template_ErasesParameterNames(string template, string shape)
    {
        Assert.Equal(shape, PathTemplate.Shape(template));
    }

    [Theory]
    [InlineData("/", "/menu", "/menu")]
    [InlineData("/v1", "/menu", "/v1/menu")]
    [InlineData("/v1", "/", "/v1")]
    public void Join_BaseAndTemplate_Concatenates(string basePath, string template, string expected)
    {
        Assert.Equal(expected, PathTemplate.Join(basePath, template));
    }
}
