using System.Text.Json.Serialization;

namespace Edge.IntegrationTests.Kit;

[JsonSerializable(typeof(string))]
internal sealed partial class TestJson : JsonSerializerContext;
