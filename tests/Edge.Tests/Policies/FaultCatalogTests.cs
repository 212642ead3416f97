using Edge.Policies;

namespace Edge.Tests.Policies;

public sealed class FaultCatalogTests
{
    [Fact]
    public void Catalog_Wso2Codes()
    {
        Assert.Equal((404, 900906), (FaultCatalog.NoMatchingResource.Status, FaultCatalog.NoMatchingResource.Code));
        Assert.Equal((405, 900906), (FaultCatalog.MethodNotAllowed.Status, FaultCatalog.MethodNotAllowed.Code));
        Assert.Equal((401, 900902), (FaultCatalog.MissingCredentials.Status, FaultCatalog.MissingCredentials.Code));
        Assert.Equal((401, 900901), (FaultCatalog.InvalidCredentials.Status, FaultCatalog.InvalidCredentials.Code));
        Assert.Equal((403, 900908), (FaultCatalog.ResourceForbidden.Status, FaultCatalog.ResourceForbidden.Code));
        Assert.Equal((403, 900910), (FaultCatalog.ScopeNotAllowed.Status, FaultCatalog.ScopeNotAllowed.Code));
        Assert.Equal((429, 900800), (FaultCatalog.Throttled.Status, FaultCatalog.Throttled.Code));
        Assert.Equal((403, 900805), (FaultCatalog.IpForbidden.Status, FaultCatalog.IpForbidden.Code));
        Assert.Equal((503, 101503), (FaultCatalog.UpstreamUnavailable.Status, FaultCatalog.UpstreamUnavailable.Code));
        Assert.Equal((504, 101504), (FaultCatalog.UpstreamTimeout.Status, FaultCatalog.UpstreamTimeout.Code));
        Assert.Equal((502, 101500), (FaultCatalog.BadGateway.Status, FaultCatalog.BadGateway.Code));
        Assert.Equal((413, 900413), (FaultCatalog.PayloadTooLarge.Status, FaultCatalog.PayloadTooLarge.Code));
    }

    [Theory]
    [InlineData(400, 400)]
    [InlineData(413, 413)]
    [InlineData(431, 431)]
    [InlineData(505, 505)]
    [InlineData(418, 400)] // unknown 4xx → generic bad request
    [InlineData(599, 500)] // unknown 5xx → internal error
    public void ForStatus_MapsToGenericFault(int status, int expectedStatus)
    {
        Assert.Equal(expectedStatus, FaultCatalog.ForStatus(status).Status);
        Assert.True(FaultCatalog.ForStatus(status).IsPrecomputed);
    }

    [Fact]
    public void WithDescription_KeepsStatusCodeMessage_DropsCachedBody()
    {
        var custom = FaultCatalog.ScopeNotAllowed.WithDescription("needs read:order");
        Assert.Equal(403, custom.Status);
        Assert.Equal(900910, custom.Code);
        Assert.Equal(FaultCatalog.ScopeNotAllowed.Message, custom.Message);
        Assert.Equal("needs read:order", custom.Description);
        Assert.False(custom.IsPrecomputed);
        Assert.NotEqual(FaultCatalog.ScopeNotAllowed, custom);
    }

    [Fact]
    public void Constructor_RejectsImpossibleStatus()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Fault(99, 1, "m", "d"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Fault(600, 1, "m", "d"));
    }
}
