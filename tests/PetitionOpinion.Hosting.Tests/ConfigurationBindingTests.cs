using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static PetitionOpinion.Tests.Support.BindingComparison;

namespace PetitionOpinion.Hosting.Tests;

/// <summary>
/// <c>AddPetitionOpinionHosting(IConfiguration)</c> binds with the configuration binding source generator (trimming and
/// native AOT keep every setting): every setting configured gives the same options as the reflection binder.
/// </summary>
public sealed class ConfigurationBindingTests
{
    [Fact]
    public void AddPetitionOpinionHosting_EverySettingConfigured_BindsAsTheReflectionBinder()
    {
        var values = EverySetting(typeof(PetitionOpinionHostingOptions), "Hosting");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddPetitionOpinion().AddPetitionOpinionHosting(configuration.GetSection("Hosting"));

        var generated = Configured<PetitionOpinionHostingOptions>(services, Options.DefaultName);
        var reflected = new PetitionOpinionHostingOptions();
        configuration.GetSection("Hosting").Bind(reflected);

        Assert.True(values.Count >= 7, $"only {values.Count} settings were made");
        Assert.Equal(Json(reflected), Json(generated));
        Assert.NotEqual(Json(new PetitionOpinionHostingOptions()), Json(generated));
    }
}
