using Ardalis.GuardClauses;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PetitionOpinion.Monitoring;
using PetitionOpinion.Monitoring.Jieba;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers jieba.NET as the <see cref="ITextSegmenter"/> the monitoring schemes are matched on, with the company's own
/// dictionary; the options are validated at start-up (<c>ValidateOnStart</c>) with their configuration paths.
/// </summary>
public static class JiebaPetitionOpinionBuilderExtensions
{
    /// <summary>Registers the jieba segmenter, configured in code.</summary>
    /// <param name="builder">What <c>AddPetitionOpinion</c> returned.</param>
    /// <param name="configure">Sets the options, e.g. <c>o =&gt; o.Words.Add("星辰X7")</c>.</param>
    /// <returns>The builder.</returns>
    public static IPetitionOpinionBuilder AddJiebaSegmenter(this IPetitionOpinionBuilder builder, Action<JiebaSegmenterOptions> configure)
    {
        Guard.Against.Null(configure);
        return Add(builder, "Jieba", o => o.Configure(configure));
    }

    /// <summary>Registers the jieba segmenter, with options bound from configuration (see <see cref="JiebaSegmenterOptions"/>).</summary>
    /// <param name="builder">What <c>AddPetitionOpinion</c> returned.</param>
    /// <param name="configuration">The section, e.g. <c>configuration.GetSection("PetitionOpinion:Jieba")</c>.</param>
    /// <returns>The builder.</returns>
    public static IPetitionOpinionBuilder AddJiebaSegmenter(this IPetitionOpinionBuilder builder, IConfiguration configuration)
    {
        Guard.Against.Null(configuration);
        var path = configuration is IConfigurationSection section ? section.Path : "Jieba";
        return Add(builder, path, o => o.Bind(configuration));
    }

    private static IPetitionOpinionBuilder Add(IPetitionOpinionBuilder builder, string path, Action<OptionsBuilder<JiebaSegmenterOptions>> bind)
    {
        Guard.Against.Null(builder);
        var options = builder.Services.AddOptions<JiebaSegmenterOptions>();
        bind(options);
        builder.Services.AddSingleton<IValidateOptions<JiebaSegmenterOptions>>(new Validator(path));
        options.ValidateOnStart();
        builder.Services.RemoveAll<ITextSegmenter>();
        builder.Services.AddSingleton<ITextSegmenter>(sp => new JiebaTextSegmenter(sp.GetRequiredService<IOptions<JiebaSegmenterOptions>>().Value));
        return builder;
    }

    private sealed class Validator(string path) : IValidateOptions<JiebaSegmenterOptions>
    {
        public ValidateOptionsResult Validate(string? name, JiebaSegmenterOptions options)
        {
            var problems = options.Validate(path);
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => p.ToValidationFailure()));
        }
    }
}
