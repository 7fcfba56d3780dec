using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PetitionOpinion.Hosting;

/// <summary>
/// A loop of passes run as a hosted service: after a pass that succeeds it waits its interval; after one that throws (the
/// store cannot be reached) it logs the exception's type — never its message — and waits
/// <see cref="PetitionOpinionHostingOptions.InitialRetryDelay"/>, doubled with each further failure up to
/// <see cref="PetitionOpinionHostingOptions.MaxRetryDelay"/>, so that an outage backs off and the loop recovers without a
/// restart. On stop the running pass is cancelled and <see cref="ReleaseAsync"/> gives back what the loop holds, within
/// <see cref="PetitionOpinionHostingOptions.ReleaseTimeout"/>.
/// </summary>
internal abstract partial class HostedLoop(string name, LoopState loop, HostingState state, PetitionOpinionHostingOptions options, TimeProvider time, ILogger logger) : BackgroundService
{
    // The container made the service: the checks now expect the loop to run.
    private readonly LoopState _loop = Register(loop);

    /// <summary>Gets the options.</summary>
    protected PetitionOpinionHostingOptions Options { get; } = options;

    /// <summary>Gets the clock.</summary>
    protected TimeProvider Time { get; } = time;

    /// <summary>Gets the log.</summary>
    protected ILogger Logger { get; } = logger;

    /// <summary>Gets the state the health checks read.</summary>
    protected HostingState State { get; } = state;

    /// <summary>Gets the time to wait after a pass that succeeded.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>Runs one pass; throws when it fails.</summary>
    protected abstract Task PassAsync(CancellationToken cancellationToken);

    /// <summary>Gives back what the loop holds when it stops.</summary>
    protected virtual Task ReleaseAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // the host's start-up does not wait for the first pass
        _loop.Running = true;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                TimeSpan wait;
                try
                {
                    await PassAsync(stoppingToken).ConfigureAwait(false);
                    var failedBefore = _loop.Succeeded(Time.GetUtcNow());
                    if (failedBefore > 0)
                    {
                        LogRecovered(Logger, name, failedBefore);
                    }

                    wait = Interval;
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    var failures = _loop.Failed();
                    wait = Options.RetryDelay(failures);
                    LogPassFailed(Logger, name, e.GetType().Name, failures, wait);
                }

                var delay = Task.Delay(wait, Time, stoppingToken);
                _loop.Waiting(Time.GetUtcNow() + wait);
                State.Signal();
                try
                {
                    await delay.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }
        finally
        {
            _loop.Running = false;
            _loop.Stopped = true;
            using var limit = new CancellationTokenSource(Options.ReleaseTimeout, Time);
            try
            {
                await ReleaseAsync(limit.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Best effort: what is not given back runs out, and another instance takes it over then.
                LogReleaseFailed(Logger, name, e.GetType().Name);
            }

            State.Signal();
        }
    }

    private static LoopState Register(LoopState loop)
    {
        loop.Registered = true;
        return loop;
    }

    [LoggerMessage(1, LogLevel.Warning, "The {Loop} pass failed ({ExceptionType}), {Failures} time(s) in a row; the next one runs in {Wait}.")]
    private static partial void LogPassFailed(ILogger logger, string loop, string exceptionType, int failures, TimeSpan wait);

    [LoggerMessage(2, LogLevel.Information, "The {Loop} loop recovered after {Failures} failed pass(es).")]
    private static partial void LogRecovered(ILogger logger, string loop, int failures);

    [LoggerMessage(3, LogLevel.Warning, "The {Loop} loop could not give back what it holds on stop ({ExceptionType}); it runs out and another instance takes it over then.")]
    private static partial void LogReleaseFailed(ILogger logger, string loop, string exceptionType);
}
