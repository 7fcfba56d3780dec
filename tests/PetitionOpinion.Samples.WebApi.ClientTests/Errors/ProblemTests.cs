using PetitionOpinion.Samples.WebApi.ClientTests.Authentication;
using PetitionOpinion.Samples.WebApi.ClientTests.Client.Models;
using PetitionOpinion.Samples.WebApi.ClientTests.Support;
using static PetitionOpinion.Samples.WebApi.Tests.Support.People;

namespace PetitionOpinion.Samples.WebApi.ClientTests.Errors;

/// <summary>
/// Each kind of error the sample answers arrives at a client generated from its document as the generated
/// problem-details exception, with the library's error <c>code</c> readable as a property.
/// </summary>
public sealed class ProblemTests
{
    [Fact]
    public async Task BadRequest_MergeIntoItself_TypedProblemWithCode()
    {
        using var sample = new RunningSample();
        var id = await Story.ReportAsync(sample);

        await ReadBack.ProblemAsync(() => sample.As(CustomerServiceManager).Incident(id).Merge.PostAsync(new MergeRequest { Original = id, Reason = "Itself." }), 400, "incident.merge_into_self");
    }

    [Fact]
    public async Task Unauthorized_NoIdentity_TypedProblemWithCode()
    {
        using var sample = new RunningSample();
        var id = await Story.ReportAsync(sample);

        await ReadBack.ProblemAsync(() => sample.Anonymous().Incident(id).GetAsync(), 401, "authentication.required");
    }

    [Fact]
    public async Task Unauthorized_UnknownPerson_TypedProblemWithCode()
    {
        using var sample = new RunningSample();

        await ReadBack.ProblemAsync(() => sample.As("nobody.here").Incidents.PostAsync(Story.Report()), 401, "authentication.unknown_user");
    }

    [Fact]
    public async Task Forbidden_DeputyApprovesALevelIIStatement_TypedProblemWithCode()
    {
        using var sample = new RunningSample();
        var id = await Story.RespondingAsync(sample, SeverityLevel.II);
        await sample.As(PublicRelationsManager).Incident(id).Statements.PostAsync(new DraftStatementRequest { Title = "Statement", Body = "We are investigating." });
        await sample.As(HeadOfLegal).Incident(id).Statements[1].LegalReview.PostAsync(new LegalReviewRequest { Notes = "Fine." });

        await ReadBack.ProblemAsync(() => sample.As(MarketingSpecialist).Incident(id).Statements[1].Approval.PostAsync(), 403, "incident.leading_group_approval_required");
    }

    [Fact]
    public async Task NotFound_UnknownIncident_TypedProblemWithCode()
    {
        using var sample = new RunningSample();

        await ReadBack.ProblemAsync(() => sample.As(CustomerServiceManager).Incident(Guid.NewGuid()).GetAsync(), 404, "storage.not_found");
    }

    [Fact]
    public async Task Conflict_ResolveWithAnOpenDirective_TypedProblemWithCode()
    {
        using var sample = new RunningSample();
        var id = await Story.RespondingAsync(sample);
        var manager = sample.As(CustomerServiceManager).Incident(id);

        await ReadBack.ProblemAsync(() => manager.Resolution.PostAsync(new ResolutionRequest { Summary = "Handled." }), 409, "incident.open_directives");
    }

    [Fact]
    public async Task UnsupportedMediaType_ReportSentAsPlainText_TypedProblemWithCode()
    {
        using var sample = new RunningSample();
        var client = sample.Client(new DevelopmentUserAuthenticationProvider(CustomerServiceRepresentative), new ContentTypeOverride("text/plain"));

        await ReadBack.ProblemAsync(() => client.Incidents.PostAsync(Story.Report()), 415, "request.unsupported_media_type");
    }
}
