using Edge.Routing;

namespace Edge.Tests.Routing;

/// <summary>
/// A realistic 10,000-route table (500 APIs × 20 resources) shared by tests and, by file link, the
/// routing benchmarks: <c>&lt;Compile Include="../../tests/Edge.Tests/Routing/LargeRouteSet.cs" /&gt;</c>.
/// </summary>
internal static class LargeRouteSet
{
    public const int ApiCount = 500;

    private static readonly (string Methods, string Template)[] Resources =
    [
        ("GET", "/"),
        ("GET,POST", "/items"),
        ("GET,PUT,DELETE", "/items/{itemId}"),
        ("GET,POST", "/items/{itemId}/reviews"),
        ("GET,DELETE", "/items/{itemId}/reviews/{reviewId}"),
        ("GET", "/items/featured"),
        ("GET", "/users/{userId}"),
        ("GET,POST", "/users/{userId}/orders"),
        ("GET", "/users/{userId}/orders/{orderId}"),
        ("GET", "/users/me"),
        ("POST", "/orders"),
        ("GET,PATCH", "/orders/{orderId}"),
        ("POST", "/orders/{orderId}/cancel"),
        ("GET", "/search"),
        ("GET", "/files/*"),
        ("GET", "/health"),
        ("", "/admin/*"),
        ("GET", "/catalog/{category}/{sku}"),
        ("GET", "/catalog/{category}"),
        ("OPTIONS", "/items"),
    ];

    public static int ResourcesPerApi => Resources.Length;

    /// <summary>Route id = api × 20 + resource index.</summary>
    public static RouteDefinition[] Create()
    {
        var routes = new RouteDefinition[ApiCount * Resources.Length];
        for (var api = 0; api < ApiCount; api++)
        {
            for (var r = 0; r < Resources.Length; r++)
            {
                var (methods, template) = Resources[r];
                routes[(api * Resources.Length) + r] = new RouteDefinition
                {
                    RouteId = (api * Resources.Length) + r,
                    Hosts = HostsOf(api),
                    BasePath = BasePathOf(api),
                    Template = template,
                    Methods = methods.Length == 0 ? [] : methods.Split(','),
                };
            }
        }

        return routes;
    }

    public static RouteTrie Compile() => RouteTrieCompiler.Compile(Create());

    /// <summary>Every 5th API has its own host, every 7th a tenant wildcard, the rest any host.</summary>
    public static string[] HostsOf(int api)
        => api % 5 == 0 ? [$"api{api}.example.com"] : api % 7 == 0 ? [$"*.tenant{api}.example.com"] : [];

    /// <summary>Versions spread the base paths over a shared first segment per service.</summary>
    public static string BasePathOf(int api) => $"/svc{api / 3}/v{(api % 3) + 1}";

    /// <summary>Representative lookups (host, path, method, expected outcome) for tests and benchmarks.</summary>
    public static IReadOnlyList<(string Host, string Path, string Method, string Expected)> Samples { get; } =
    [
        ("gw.example.com", "/svc100/v3/items/12345", "GET", $"200 #{(302 * 20) + 2} base=10 p=[12345]"),
        ("gw.example.com", "/svc100/v3/items/featured", "GET", $"200 #{(302 * 20) + 5} base=10"),
        ("gw.example.com", "/svc166/v2/users/u-42/orders/o-7", "GET", $"200 #{(500 - 1) * 20 + 8} base=10 p=[u-42,o-7]"),
        ("api0.example.com", "/svc0/v1/catalog/tea/sku-1", "GET", "200 #17 base=8 p=[tea,sku-1]"),
        ("API0.EXAMPLE.COM:443", "/svc0/v1/health", "GET", "200 #15 base=8"),
        ("x.tenant7.example.com", "/svc2/v2/files/a/b/c.txt", "GET", $"200 #{(7 * 20) + 14} base=8 *=a/b/c.txt"),
        ("gw.example.com", "/svc1/v2/admin/flush", "POST", $"200 #{(4 * 20) + 16} base=8 *=flush"),
        ("gw.example.com", "/svc1/v2/items/9", "POST", "405 GET, PUT, DELETE"),
        ("gw.example.com", "/svc1/v2/nothing", "GET", "404"),
        ("gw.example.com", "/svc0/v1/items", "GET", "404"),                    // api 0 is host-bound
        ("gw.example.com", "/svc100/v2/items", "GET", "404"),                  // api 301 is tenant-bound
        ("a.tenant301.example.com", "/svc100/v2/items", "GET", $"200 #{(301 * 20) + 1} base=10"),
        ("gw.example.com", "/nowhere/at/all", "GET", "404"),
    ];
}
