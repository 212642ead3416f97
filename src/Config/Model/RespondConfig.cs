namespace Edge.Config.Model;

/// <summary>A direct response: the gateway answers without an upstream (mocks, fixed documents).</summary>
/// <param name="Json">A JSON body (validated at load); sent with content-type application/json.</param>
public sealed record RespondConfig(int Status, ValueList<NameValue> Headers, string? Body, string? Json);
