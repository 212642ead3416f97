using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Edge.Policies;

namespace Edge.Tests.Policies;

public sealed class FaultWriterTests
{
    private static string Json(in Fault fault)
    {
        var buffer = new ArrayBufferWriter<byte>();
        FaultWriter.WriteJson(fault, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Xml(in Fault fault)
    {
        var buffer = new ArrayBufferWriter<byte>();
        FaultWriter.WriteXml(fault, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void WriteJson_NoMatchingResource_ExactBytes()
    {
        Assert.Equal(
            """{"fault":{"code":900906,"message":"No matching resource found for given API Request","description":"The requested resource is not available."}}""",
            Json(FaultCatalog.NoMatchingResource));
    }

    [Fact]
    public void WriteXml_NoMatchingResource_ExactBytes()
    {
        Assert.Equal(
            """<am:fault xmlns:am="http://wso2.org/apimanager"><am:code>900906</am:code><am:message>No matching resource found for given API Request</am:message><am:description>The requested resource is not available.</am:description></am:fault>""",
            Xml(FaultCatalog.NoMatchingResource));
    }

    [Fact]
    public void WriteJson_ThrottledAndUpstreamTimeout_ExactBytes()
    {
        Assert.Equal(
            """{"fault":{"code":900800,"message":"Message throttled out","description":"You have exceeded your quota"}}""",
            Json(FaultCatalog.Throttled));
        Assert.Equal(
            """{"fault":{"code":101504,"message":"Runtime Error","description":"Backend connection timeout"}}""",
            Json(FaultCatalog.UpstreamTimeout));
    }

    [Fact]
    public void WriteXml_MissingCredentials_ExactBytesWithQuotesKept()
    {
        // The description holds apostrophes: legal in element content, written as is.
        Assert.Equal(
            "<am:fault xmlns:am=\"http://wso2.org/apimanager\"><am:code>900902</am:code><am:message>Missing Credentials</am:message>"
            + "<am:description>Invalid Credentials. Make sure your API invocation call has a header: 'Authorization : Bearer ACCESS_TOKEN' or 'Authorization : Basic ACCESS_TOKEN' or 'apikey: API_KEY'</am:description></am:fault>",
            Xml(FaultCatalog.MissingCredentials));
    }

    [Fact]
    public void Precomputed_MatchesOnDemandRendering()
    {
        var catalog = FaultCatalog.ScopeNotAllowed;
        var fresh = new Fault(catalog.Status, catalog.Code, catalog.Message, catalog.Description);
        Assert.True(catalog.IsPrecomputed);
        Assert.False(fresh.IsPrecomputed);
        Assert.Equal(Json(fresh), Json(catalog));
        Assert.Equal(Xml(fresh), Xml(catalog));
        Assert.Equal(fresh, catalog); // equality ignores the cached bodies
    }

    [Fact]
    public void WriteJson_EscapesQuotesBackslashAndControlChars()
    {
        var fault = FaultCatalog.BadRequest.WithDescription("say \"hi\"\\ <a&b>\n\r\t\b\f\u0001\u001f é €");
        Assert.Equal(
            "{\"fault\":{\"code\":900400,\"message\":\"Bad Request\",\"description\":\"say \\\"hi\\\"\\\\ <a&b>\\n\\r\\t\\b\\f\\u0001\\u001F é €\"}}",
            Json(fault));
    }

    [Fact]
    public void WriteJson_CustomDescription_ParsesWithJsonDocument()
    {
        var description = "quote\" slash\\ ctl\u0000\u0007 tag</x> amp& unicode ☕ 𝄞";
        var buffer = new ArrayBufferWriter<byte>();
        FaultWriter.WriteJson(FaultCatalog.InvalidCredentials.WithDescription(description), buffer);
        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        var fault = doc.RootElement.GetProperty("fault");
        Assert.Equal(900901, fault.GetProperty("code").GetInt32());
        Assert.Equal("Invalid Credentials", fault.GetProperty("message").GetString());
        Assert.Equal(description, fault.GetProperty("description").GetString());
    }

    [Theory]
    [MemberData(nameof(CatalogFaults))]
    public void Catalog_EveryFault_JsonAndXmlParse(string name, int status)
    {
        var fault = FaultCatalog.ForStatus(status);
        var buffer = new ArrayBufferWriter<byte>();
        FaultWriter.WriteJson(fault, buffer);
        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        Assert.Equal(fault.Code, doc.RootElement.GetProperty("fault").GetProperty("code").GetInt32());

        var xml = XElement.Parse(Xml(fault));
        XNamespace am = "http://wso2.org/apimanager";
        Assert.Equal(am + "fault", xml.Name);
        Assert.Equal(fault.Message, xml.Element(am + "message")!.Value);
        Assert.NotNull(name);
    }

    public static TheoryData<string, int> CatalogFaults() => new()
    {
        { "NoMatchingResource", 404 }, { "MethodNotAllowed", 405 }, { "PayloadTooLarge", 413 },
        { "UriTooLong", 414 }, { "HeaderFieldsTooLarge", 431 }, { "InternalError", 500 },
        { "NotImplemented", 501 }, { "BadGateway", 502 }, { "UpstreamUnavailable", 503 },
        { "UpstreamTimeout", 504 }, { "HttpVersionNotSupported", 505 }, { "BadRequest", 400 },
    };

    [Fact]
    public void WriteXml_EscapesMarkupAndReplacesIllegalChars()
    {
        var fault = new Fault(400, 1, "a<b>&c\"d'", "cr\r lf\n tab\t nul\u0000 bell\u0007 ffff\uFFFF ok");
        var xml = Xml(fault);
        Assert.Equal(
            "<am:fault xmlns:am=\"http://wso2.org/apimanager\"><am:code>1</am:code><am:message>a&lt;b&gt;&amp;c&quot;d'</am:message>"
            + "<am:description>cr&#xD; lf\n tab\t nul\uFFFD bell\uFFFD ffff\uFFFD ok</am:description></am:fault>",
            xml);
        var parsed = XElement.Parse(xml, LoadOptions.PreserveWhitespace);
        XNamespace am = "http://wso2.org/apimanager";
        Assert.Equal("a<b>&c\"d'", parsed.Element(am + "message")!.Value);
        Assert.Equal("cr\r lf\n tab\t nul\uFFFD bell\uFFFD ffff\uFFFD ok", parsed.Element(am + "description")!.Value);
    }

    [Fact]
    public void WriteJson_LoneSurrogate_BecomesReplacementChar()
    {
        var json = Json(new Fault(400, 1, "m", "x\uD800y"));
        Assert.Contains("x\uFFFDy", json, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteJson_NegativeCode_Formatted()
    {
        Assert.StartsWith("{\"fault\":{\"code\":-5,", Json(new Fault(500, -5, "m", "d")), StringComparison.Ordinal);
    }

    [Fact]
    public void ContentTypes_AreUtf8Literals()
    {
        Assert.Equal("application/json; charset=UTF-8", Encoding.ASCII.GetString(FaultWriter.ContentType(FaultFormat.Json)));
        Assert.Equal("application/xml; charset=UTF-8", Encoding.ASCII.GetString(FaultWriter.ContentType(FaultFormat.Xml)));
    }

    [Fact]
    public void WriteJson_CatalogFault_DoesNotAllocate()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        FaultWriter.Write(FaultCatalog.Throttled, FaultFormat.Json, buffer); // warm up
        buffer.Clear();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            FaultWriter.Write(FaultCatalog.Throttled, FaultFormat.Json, buffer);
            FaultWriter.Write(FaultCatalog.Throttled, FaultFormat.Xml, buffer);
            buffer.Clear();
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void WriteJson_StaticCustomDescription_DoesNotAllocate()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        var fault = FaultCatalog.BadRequest.WithDescription("Invalid Content-Length");
        FaultWriter.WriteJson(fault, buffer); // warm up
        buffer.Clear();
        var before = GC.GetAllocatedBytesForCurrentThread();
        FaultWriter.WriteJson(fault, buffer);
        FaultWriter.WriteXml(fault, buffer);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
