using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using PetitionOpinion.Samples.WebApi.ClientTests.Support;
using static PetitionOpinion.Samples.WebApi.Tests.Support.People;

namespace PetitionOpinion.Samples.WebApi.ClientTests.Authentication;

/// <summary>Why a client of the sample needs <see cref="DevelopmentUserAuthenticationProvider"/>, and that it works.</summary>
public sealed class DevelopmentUserAuthenticationProviderTests
{
    [Fact]
    public async Task KiotasApiKeyProvider_SamplesPlainHttpAddress_Refused()
    {
        using var sample = new RunningSample();
        var apiKey = new ApiKeyAuthenticationProvider(CustomerServiceManager, DevelopmentUserAuthenticationProvider.HeaderName, ApiKeyAuthenticationProvider.KeyLocation.Header);
        var request = new RequestInformation { HttpMethod = Method.GET, URI = new Uri(sample.Address, "/incidents") };

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => apiKey.AuthenticateRequestAsync(request));

        Assert.Contains("https", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthenticateRequest_Report_ActsAsThePerson()
    {
        using var sample = new RunningSample();

        var incident = ReadBack.Present(await sample.As(CustomerServiceRepresentative).Incidents.PostAsync(Story.Report()));

        Assert.Equal(CustomerServiceRepresentative, incident.ReportedBy);
    }

    [Fact]
    public async Task AuthenticateRequest_HeaderAlreadySet_Replaced()
    {
        var request = new RequestInformation();
        request.Headers.Add(DevelopmentUserAuthenticationProvider.HeaderName, GeneralManager);

        await new DevelopmentUserAuthenticationProvider(ItSupport).AuthenticateRequestAsync(request);

        Assert.Equal([ItSupport], request.Headers[DevelopmentUserAuthenticationProvider.HeaderName]);
    }
}
