using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PetitionOpinion.Deadlines;
using PetitionOpinion.Incidents;
using PetitionOpinion.Notifications;
using PetitionOpinion.Readiness;
using PetitionOpinion.Tests.Support;

namespace PetitionOpinion.Tests.Deadlines;

public sealed class DeadlineOptionsTests
{
    // docs/deadlines.md's table, written out independently of the options' defaults.
    public static TheoryData<SeverityLevel, string, string, string?, string, string?> LevelTable => new()
    {
        { SeverityLevel.I, "15 minutes", "1 hour", "4 hours", "3 days", "2 hours" },
        { SeverityLevel.II, "30 minutes", "4 hours", "12 hours", "7 days", "6 hours" },
        { SeverityLevel.III, "4 hours", "1 working day", "24 hours", "15 working days", "24 hours" },
        { SeverityLevel.IV, "1 working day", "3 working days", null, "30 working days", null },
    };

    [Theory]
    [MemberData(nameof(LevelTable))]
    public void Default_LevelTargets_AreTheSpecificationsTable(SeverityLevel level, string acknowledge, string assessment, string? statement, string resolution, string? update)
    {
        var targets = DeadlinePolicy.Default.For(level);

        Assert.Equal(DeadlineLimit.Parse(acknowledge), targets.Acknowledge);
        Assert.Equal(DeadlineLimit.Parse(assessment), targets.AssessmentDone);
        Assert.Equal(statement is null ? null : DeadlineLimit.Parse(statement), targets.FirstPublicStatement);
        Assert.Equal(DeadlineLimit.Parse(resolution), targets.Resolution);
        Assert.Equal(update is null ? null : DeadlineLimit.Parse(update), targets.StatusUpdateEvery);
    }

    [Fact]
    public void Default_PetitionProfileWarningsAndCalendar_AreTheSpecifications()
    {
        var policy = DeadlinePolicy.Default;

        Assert.Equal(new PetitionDeadlines(DeadlineLimit.CalendarDays(15), DeadlineLimit.CalendarDays(60), 30, DeadlineLimit.CalendarDays(30), DeadlineLimit.CalendarDays(30)), policy.Petition);
        Assert.Equal([50, 75], policy.WarningPercents);
        Assert.Equal(125, policy.EscalationPercent);
        Assert.Equal(SeverityLevel.III, policy.UnassessedLevel);
        Assert.Same(WorkingDayCalendar.China, policy.Calendar);
        Assert.Equal(TimeSpan.FromHours(8), policy.UtcOffset);
        Assert.Equal(new PersonId("system:deadline-scanner"), policy.ScannerActor);
        Assert.Equal(TimeSpan.FromMinutes(10), policy.LateAlertAfter);
        Assert.Equal(TimeSpan.FromMinutes(10), policy.WithCalendar(WorkingDayCalendar.China).LateAlertAfter);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(86_401)]
    public void Build_LateAlertAfterOutOfRange_IsAProblemWithItsPath(int seconds)
    {
        var error = new DeadlineOptions { LateAlertAfter = TimeSpan.FromSeconds(seconds) }.Build().AsT1;

        Assert.StartsWith("Deadlines:LateAlertAfter: must be from 1 second to 1 day", Assert.Single(error.Details).Located(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("15 minutes", 15, DeadlineUnit.Minutes)]
    [InlineData("1 minute", 1, DeadlineUnit.Minutes)]
    [InlineData("1 Hour", 1, DeadlineUnit.Hours)]
    [InlineData("  3   days ", 3, DeadlineUnit.CalendarDays)]
    [InlineData("2 calendar days", 2, DeadlineUnit.CalendarDays)]
    [InlineData("3 WORKING DAYS", 3, DeadlineUnit.WorkingDays)]
    [InlineData("1 working day", 1, DeadlineUnit.WorkingDays)]
    public void Parse_ValidText_ReadsAmountAndUnit(string text, int amount, DeadlineUnit unit)
    {
        var limit = DeadlineLimit.Parse(text);

        Assert.Equal(new DeadlineLimit(amount, unit), limit);
        Assert.Equal(limit, DeadlineLimit.Parse(limit.ToString()));
    }

    [Theory]
    [InlineData("", "write an amount and a unit")]
    [InlineData("days", "write an amount and a unit")]
    [InlineData("three days", "write an amount and a unit")]
    [InlineData("-1 hours", "write an amount and a unit")]
    [InlineData("0 days", "from 1 to 100000")]
    [InlineData("3 weeks", "unknown unit 'weeks'")]
    [InlineData("3 working hours", "unknown unit 'working hours'")]
    public void Parse_InvalidText_NamesTheProblem(string text, string problem)
    {
        var error = Assert.Throws<FormatException>(() => DeadlineLimit.Parse(text));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.False(DeadlineLimit.TryParse(text, out _, out var explained));
        Assert.Contains(problem, explained, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeadlineLimit(0, DeadlineUnit.Hours));
        Assert.Throws<System.ComponentModel.InvalidEnumArgumentException>(() => new DeadlineLimit(1, (DeadlineUnit)9));
        Assert.Throws<InvalidOperationException>(() => default(DeadlineLimit).DueFrom(DateTimeOffset.UnixEpoch, WorkingDayCalendar.China, TimeSpan.Zero));
    }

    [Fact]
    public void Build_EveryProblem_IsListedWithItsPath()
    {
        var options = new DeadlineOptions
        {
            WarningPercents = [50, 0, 50],
            EscalationPercent = 100,
            UnassessedLevel = (SeverityLevel)9,
            UtcOffset = TimeSpan.FromHours(15),
            Holidays = ["2027-02-30"],
            ScannerActor = "has space",
            LateAlertAfter = TimeSpan.Zero,
            Petition = new PetitionDeadlineOptions { HandlingOpinion = "60 hours", MaxExtensionDays = -1, ReviewDecision = "soon" },
        };
        options.Levels["II"].Acknowledge = "half an hour";
        options.Levels["IV"].FirstPublicStatement = "none";
        options.Levels.Remove("III");
        options.Levels["V"] = new LevelDeadlineOptions();

        var error = options.Build().AsT1;

        var messages = error.Details.Select(d => d.Located()).ToList();
        Assert.All(error.Details, d => Assert.Equal(DeadlineErrors.InvalidPolicy, d.Code));
        Assert.Contains(messages, m => m.StartsWith("Deadlines:Levels:V: is not a severity level", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Deadlines:Levels:II:Acknowledge: 'half an hour'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Deadlines:Levels:III: the targets of level III are missing", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Deadlines:Petition:HandlingOpinion: must count days", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Deadlines:Petition:MaxExtensionDays:", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Deadlines:Petition:ReviewDecision: 'soon'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Deadlines:WarningPercents: each must be from 1 to 99", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Deadlines:WarningPercents: must not repeat", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Deadlines:EscalationPercent:", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Deadlines:UnassessedLevel:", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Deadlines:UtcOffset:", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Deadlines:Holidays: '2027-02-30' is not a date", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Deadlines:ScannerActor:", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Deadlines:LateAlertAfter:", StringComparison.Ordinal));
        Assert.Equal(14, messages.Count);
    }

    [Fact]
    public void Build_ExtraHolidaysAndMakeUpDays_ExtendTheCalendar()
    {
        var policy = new DeadlineOptions { Holidays = ["2027-01-01"], MakeUpWorkingDays = ["2027-01-09"] }.Build().AsT0;

        Assert.False(policy.Calendar.IsWorkingDay(new DateOnly(2027, 1, 1)));
        Assert.True(policy.Calendar.IsWorkingDay(new DateOnly(2027, 1, 9)));
        Assert.False(policy.Calendar.IsWorkingDay(new DateOnly(2026, 10, 1)));
    }

    [Fact]
    public void Build_ExtraHolidaysOnACalendarThatIsNotAWorkingDayCalendar_IsAnError()
    {
        var error = new DeadlineOptions { Holidays = ["2027-01-01"] }.Build(new EveryDayCalendar()).AsT1;

        Assert.Contains(error.Details, d => d.Message.Contains("can be added only to a WorkingDayCalendar", StringComparison.Ordinal));
        Assert.IsType<EveryDayCalendar>(new DeadlineOptions().Build(new EveryDayCalendar()).AsT0.Calendar);
    }

    [Fact]
    public void AddPetitionOpinion_DeadlineConfiguration_IsBoundAndUsedByTheLifecycleAndTheScanner()
    {
        var values = new Dictionary<string, string?>
        {
            ["PetitionOpinion:Deadlines:Levels:I:Resolution"] = "3 working days",
            ["PetitionOpinion:Deadlines:Petition:MaxExtensionDays"] = "10",
            ["PetitionOpinion:Deadlines:WarningPercents:0"] = "80",
            ["PetitionOpinion:Deadlines:Holidays:0"] = "2027-01-01",
            ["PetitionOpinion:Deadlines:LateAlertAfter"] = "00:30:00",
            ["PetitionOpinion:Notifications:BatchSize"] = "7",
        };
        var services = Services(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var policy = provider.GetRequiredService<DeadlinePolicy>();
        Assert.Equal(DeadlineLimit.WorkingDays(3), policy.For(SeverityLevel.I).Resolution);
        Assert.Equal([80], policy.WarningPercents);
        Assert.Equal(TimeSpan.FromMinutes(30), policy.LateAlertAfter);
        Assert.Equal(10, provider.GetRequiredService<IncidentLifecycle>().Deadlines.Petition.MaxExtensionDays);
        Assert.Same(policy, provider.GetRequiredService<DeadlineScanner>().Policy);
        Assert.False(policy.Calendar.IsWorkingDay(new DateOnly(2027, 1, 1)));
        Assert.Equal(7, provider.GetRequiredService<IOptions<PetitionOpinionOptions>>().Value.Notifications.BatchSize);
        Assert.NotNull(provider.GetRequiredService<DeadlineMonitor>());
        Assert.NotNull(provider.GetRequiredService<NotificationRouter>());
    }

    [Fact]
    public void AddPetitionOpinion_InvalidDeadlineAndNotificationConfiguration_FailsAtStartWithThePaths()
    {
        var values = new Dictionary<string, string?>
        {
            ["PetitionOpinion:Deadlines:Levels:II:Acknowledge"] = "soon",
            ["PetitionOpinion:Deadlines:EscalationPercent"] = "90",
            ["PetitionOpinion:Notifications:BatchSize"] = "0",
        };
        using var provider = Services(new ConfigurationBuilder().AddInMemoryCollection(values).Build()).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(error.Failures, f => f.Contains("Deadlines:Levels:II:Acknowledge", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Deadlines:EscalationPercent", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Notifications:BatchSize", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_CalendarFile_AddsItsYearAndHolidaysAndCorrectionsComeAfter()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("cn-2027.json", """
            { "year": 2027, "source": "test notice", "holidays": [ { "name": "元旦", "from": "2027-01-01", "to": "2027-01-03" } ], "makeUpWorkingDays": [ "2027-01-09" ] }
            """);

        var policy = new DeadlineOptions { CalendarFiles = [file], MakeUpWorkingDays = ["2027-01-02"] }.Build().AsT0;

        Assert.True(policy.Calendar.HasSchedule(2027));
        Assert.False(policy.Calendar.IsWorkingDay(new DateOnly(2027, 1, 1)));
        Assert.True(policy.Calendar.IsWorkingDay(new DateOnly(2027, 1, 2))); // the correction wins over the file
        Assert.True(policy.Calendar.IsWorkingDay(new DateOnly(2027, 1, 9)));
        Assert.False(policy.Calendar.IsWorkingDay(new DateOnly(2026, 10, 1)));
    }

    [Fact]
    public void Build_BrokenCalendarFiles_ListEveryProblemWithItsPath()
    {
        using var dir = new TempDirectory();
        var first = dir.Write("a.json", """{ "year": 2027, "source": "a", "holidays": [], "makeUpWorkingDays": [] }""");
        var second = dir.Write("b.json", """{ "year": 2027, "source": "b", "holidays": [], "makeUpWorkingDays": [] }""");
        var broken = dir.Write("c.json", """{ "year": 2028, "source": "c", "holidays": [ { "name": "x", "from": "2027-12-31", "to": "2028-01-01" } ], "makeUpWorkingDays": [] }""");
        var missing = Path.Combine(dir.Path, "missing.json");

        var error = new DeadlineOptions { CalendarFiles = [first, second, broken, missing, " "] }.Build().AsT1;
        var messages = error.Details.Select(d => d.Located()).ToArray();

        Assert.Contains($"Deadlines:CalendarFiles:2: {broken}: $.holidays[0]: 2027-12-31 is not in 2028.", messages);
        Assert.Contains(messages, m => m.StartsWith($"Deadlines:CalendarFiles:3: {missing}: cannot be read", StringComparison.Ordinal));
        Assert.Contains("Deadlines:CalendarFiles:4: is empty.", messages);
        Assert.Contains("Deadlines:CalendarFiles: The year 2027 is given twice (a; b).", messages);
    }

    [Fact]
    public void Build_CalendarFilesOnACalendarThatIsNotAWorkingDayCalendar_IsAnError()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("cn-2027.json", """{ "year": 2027, "source": "a", "holidays": [], "makeUpWorkingDays": [] }""");

        var error = new DeadlineOptions { CalendarFiles = [file] }.Build(new EveryDayCalendar()).AsT1;

        Assert.Contains(error.Details, d => d.Located().StartsWith("Deadlines:CalendarFiles: calendar files can be added only to a WorkingDayCalendar", StringComparison.Ordinal));
    }

    [Fact]
    public void AddPetitionOpinion_CalendarFiles_AreLoadedAndCheckedByReadiness()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("cn-2027.json", """{ "year": 2027, "source": "test", "holidays": [ { "name": "元旦", "from": "2027-01-01", "to": "2027-01-01" } ], "makeUpWorkingDays": [] }""");
        var values = new Dictionary<string, string?> { ["PetitionOpinion:Deadlines:CalendarFiles:0"] = file };
        using var provider = Services(new ConfigurationBuilder().AddInMemoryCollection(values).Build()).BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var checker = provider.GetRequiredService<ReadinessChecker>();

        Assert.Same(provider.GetRequiredService<DeadlinePolicy>().Calendar, checker.Calendar);
        Assert.True(checker.Calendar!.HasSchedule(2027));
        Assert.DoesNotContain(checker.Check(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(8))).Gaps, g => g.Code.StartsWith("readiness.calendar_", StringComparison.Ordinal));
    }

    [Fact]
    public void AddPetitionOpinion_BrokenCalendarFile_FailsAtStartWithThePath()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-calendar-{Guid.NewGuid():N}.json");
        var values = new Dictionary<string, string?> { ["PetitionOpinion:Deadlines:CalendarFiles:0"] = missing };
        using var provider = Services(new ConfigurationBuilder().AddInMemoryCollection(values).Build()).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(error.Failures, f => f.Contains($"Deadlines:CalendarFiles:0: {missing}: cannot be read", StringComparison.Ordinal));
    }

    [Fact]
    public void AddPetitionOpinion_SeedCompanyOn7December2026_ReadinessErrorFor2027()
    {
        using var provider = Services(new ConfigurationBuilder().Build()).BuildServiceProvider();

        var report = provider.GetRequiredService<ReadinessChecker>().Check(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(8)));

        var gap = Assert.Single(report.Gaps, g => g.Code == ReadinessGapCodes.CalendarYearMissing);
        Assert.Equal(GapSeverity.Error, gap.Severity);
        Assert.Contains("2027", gap.English, StringComparison.Ordinal);
        Assert.False(report.IsReady);
    }

    private sealed class TempDirectory : IDisposable
    {
        public TempDirectory() => Directory.CreateDirectory(Path);

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"calendars-{Guid.NewGuid():N}");

        public string Write(string name, string content)
        {
            var file = System.IO.Path.Combine(Path, name);
            File.WriteAllText(file, content);
            return file;
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    [Fact]
    public void AddPetitionOpinion_HostCalendar_IsTheOneThePolicyUses()
    {
        var services = Services(new ConfigurationBuilder().Build());
        services.AddSingleton<IWorkingDayCalendar>(new EveryDayCalendar());
        using var provider = services.BuildServiceProvider();

        Assert.IsType<EveryDayCalendar>(provider.GetRequiredService<DeadlinePolicy>().Calendar);
    }

    private static ServiceCollection Services(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddPetitionOpinion(configuration.GetSection("PetitionOpinion"));
        services.Configure<PetitionOpinionOptions>(o =>
        {
            foreach (var person in People.Known)
            {
                o.Organization.People.Add(new OrganizationPersonOptions { Id = person.Value, Name = $"Person {person}" });
            }

            foreach (var (position, person) in People.Assignments)
            {
                if (!o.Organization.Assignments.TryGetValue(position.Value, out var holders))
                {
                    o.Organization.Assignments[position.Value] = holders = [];
                }

                holders.Add(person.Value);
            }
        });
        return services;
    }

    private sealed class EveryDayCalendar : IWorkingDayCalendar
    {
        public bool IsWorkingDay(DateOnly date) => true;
    }
}
