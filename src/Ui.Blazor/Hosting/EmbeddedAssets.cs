using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Pvtcoms.Ui.Blazor.Hosting;

/// <summary>
/// The only static files the UI serves: Blazor's own <c>blazor.web.js</c> (from the framework assets package,
/// embedded at build time) and our stylesheet. Embedded so that the UI needs no static-web-assets manifest next to
/// whatever executable hosts it, and so that nothing on disk can be swapped in.
/// </summary>
internal static class EmbeddedAssets
{
    public const string BlazorScriptPath = "/_framework/blazor.web.js";
    public const string StylesheetPath = "/app.css";

    public static void MapEmbeddedAssets(this IEndpointRouteBuilder endpoints)
    {
        var script = Load("blazor.web.js");
        var stylesheet = Load("app.css");
        endpoints.MapGet(BlazorScriptPath, () => Results.Bytes(script, "text/javascript; charset=utf-8"));
        endpoints.MapGet(StylesheetPath, () => Results.Bytes(stylesheet, "text/css; charset=utf-8"));
    }

    private static byte[] Load(string name)
    {
        using var stream = typeof(EmbeddedAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded asset {name} is missing from the build");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
