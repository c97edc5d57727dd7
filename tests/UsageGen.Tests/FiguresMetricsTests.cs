using System;
using System.Collections.Generic;
using System.Net.Http;
using UsageGen.Runtime;
using Xunit;

namespace UsageGen.Tests;

public class FiguresMetricsTests
{
    private static KeyValuePair<string, decimal> M(string name, decimal value) => new(name, value);

    [Fact]
    public void Flat_overloads_keep_order_and_leave_nulls_out_like_the_params_one()
    {
        Assert.Equal(new[] { M("a", 1m) }, Figures.Metrics("a", 1m));
        Assert.Empty(Figures.Metrics("a", null));
        Assert.Equal(new[] { M("a", 1m), M("b", 2m) }, Figures.Metrics("a", 1m, "b", 2m));
        Assert.Equal(new[] { M("b", 2m) }, Figures.Metrics("a", null, "b", 2m));
        Assert.Equal(new[] { M("a", 1m), M("c", 3m) }, Figures.Metrics("a", 1m, "b", null, "c", 3m));
        Assert.Equal(new[] { M("d", 4m) }, Figures.Metrics("a", null, "b", null, "c", null, "d", 4m));
        Assert.Empty(Figures.Metrics("a", null, "b", null, "c", null, "d", null));
        Assert.Equal(Figures.Metrics(("a", 1m), ("b", null), ("c", 3m), ("d", 0m)), Figures.Metrics("a", 1m, "b", null, "c", 3m, "d", 0m));
    }

    [Fact]
    public void GetHeader_returns_one_value_as_sent_and_joins_several_with_a_comma()
    {
        var response = new HttpResponseMessage { Content = new StringContent("") };
        response.Headers.TryAddWithoutValidation("X-RateLimit-Limit", " 100 ");
        response.Headers.TryAddWithoutValidation("X-Multi", "a");
        response.Headers.TryAddWithoutValidation("X-Multi", "");
        response.Headers.TryAddWithoutValidation("X-Multi", "c, d");
        response.Content.Headers.TryAddWithoutValidation("X-On-Content", "yes");

        Assert.Equal(" 100 ", HttpCall.GetHeader(response.Headers, response.Content.Headers, "x-ratelimit-limit"));
        Assert.Equal("a,,c, d", HttpCall.GetHeader(response.Headers, response.Content.Headers, "X-Multi"));
        Assert.Equal("yes", HttpCall.GetHeader(response.Headers, response.Content.Headers, "X-On-Content"));
        Assert.Null(HttpCall.GetHeader(response.Headers, null, "X-On-Content"));
        Assert.Null(HttpCall.GetHeader(response.Headers, response.Content.Headers, "X-Absent"));
    }
}
