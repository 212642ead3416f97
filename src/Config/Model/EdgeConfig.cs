namespace Edge.Config.Model;

/// <summary>
/// The whole config file. Every record in the model has value equality (lists are <see cref="ValueList{T}"/>)
/// so a reload can diff old and new configs with Equals and keep pools and throttle state for parts that
/// did not change. Source positions are deliberately NOT part of the model — they live in a separate
/// <see cref="Binding.SourceMap"/> — so moving a block within the file is not a "change".
/// </summary>
public sealed record EdgeConfig(
    ServerConfig Server,
    ValueList<ListenerConfig> Listeners,
    ValueList<UpstreamConfig> Upstreams,
    AuthConfig Auth,
    ThrottleConfig Throttle,
    ValueList<ApiConfig> Apis);
