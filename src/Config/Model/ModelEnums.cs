namespace Edge.Config.Model;

// The closed vocabularies of the config file. Each member's config spelling is in ConfigNames.

public enum AccessLogDestination : byte { Off, Stdout, File }

public enum AccessLogFormat : byte { Json, Text }

public enum ListenerProtocol : byte { Http1, H2c, H2 }

public enum ClientAuthMode : byte { None, Optional, Require }

public enum BalancePolicy : byte { RoundRobin, LeastRequests, RandomTwo }

public enum UpstreamProtocol : byte { Http1, H2c, H2, Auto }

public enum HostHeaderMode : byte { Endpoint, Preserve, Literal }

public enum SecurityScheme : byte { None, Jwt, Basic, ApiKey, Mtls }

public enum ScopesMode : byte { Any, All }

public enum ErrorFormat : byte { Json, Xml }

public enum ThrottleKeyKind : byte { Api, Resource, Ip, Header, Query, Claim }
