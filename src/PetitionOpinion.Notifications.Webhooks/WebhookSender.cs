using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace PetitionOpinion.Notifications.Webhooks;

/// <summary>How a 2xx answer is read: any 2xx is success, or the platform's code in the JSON body must be 0.</summary>
internal enum AnswerCheck
{
    /// <summary>Any 2xx status: the generic webhook.</summary>
    Status,

    /// <summary><c>{"errcode":0,"errmsg":"ok"}</c>: WeCom and DingTalk.</summary>
    ErrCode,

    /// <summary><c>{"code":0,"msg":"success"}</c>, or the older <c>{"StatusCode":0,"StatusMessage":"success"}</c>: Feishu/Lark.</summary>
    FeishuCode,
}

/// <summary>One request: where, the JSON body's exact bytes, and extra headers.</summary>
internal sealed record WebhookRequest(Uri Uri, byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Headers);

/// <summary>
/// Sends one JSON POST with a time-out on the <see cref="TimeProvider"/>, and turns every way it can fail into an
/// exception (so that the dispatcher retries through the outbox; nothing is retried here). No exception or log names the
/// URL, the secret or the body.
/// </summary>
internal sealed class WebhookSender(string channel, string platform, Func<HttpClient> client, TimeProvider time, TimeSpan timeout, AnswerCheck check)
{
    /// <summary>The most of an answer that is read: platforms answer in a few dozen bytes.</summary>
    private const int MaxAnswerBytes = 64 * 1024;

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public async ValueTask SendAsync(WebhookRequest request, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, request.Uri) { Content = new ByteArrayContent(request.Body) };
        message.Content.Headers.ContentType = Json;
        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var response = await client().SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is < 200 or > 299)
            {
                // The answer's body is not read into the message: a proxy's error page may echo the request.
                throw new WebhookDeliveryException(string.Create(CultureInfo.InvariantCulture, $"The {platform} webhook of channel '{channel}' answered HTTP {status}."), status, null);
            }

            if (check != AnswerCheck.Status)
            {
                var answer = await ReadAsync(response.Content, linked.Token).ConfigureAwait(false);
                Check(answer, status);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException e)
        {
            // Our deadline, or the HttpClient's own Timeout: either way the webhook did not answer in time.
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"The {platform} webhook of channel '{channel}' did not answer within {timeout:c}."), e);
        }
        catch (HttpRequestException e)
        {
            throw new WebhookDeliveryException(string.Create(CultureInfo.InvariantCulture, $"The {platform} webhook of channel '{channel}' could not be reached ({e.HttpRequestError})."), e);
        }
        catch (IOException e)
        {
            throw new WebhookDeliveryException($"The {platform} webhook of channel '{channel}' broke off its answer.", e);
        }
    }

    private static async Task<byte[]> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxAnswerBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            return buffer[..length];
        }
    }

    private void Check(byte[] answer, int status)
    {
        var (codeName, messageName, oldCodeName, oldMessageName) = check == AnswerCheck.ErrCode
            ? ("errcode", "errmsg", null, null)
            : ("code", "msg", "StatusCode", "StatusMessage");
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(answer);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw Unexpected(status);
        }

        if (root.ValueKind != JsonValueKind.Object
            || !(root.TryGetProperty(codeName, out var code) || (oldCodeName is not null && root.TryGetProperty(oldCodeName, out code)))
            || code.ValueKind != JsonValueKind.Number || !code.TryGetInt64(out var value))
        {
            throw Unexpected(status);
        }

        if (value == 0)
        {
            return;
        }

        var text = root.TryGetProperty(messageName, out var m) || (oldMessageName is not null && root.TryGetProperty(oldMessageName, out m))
            ? m.ValueKind == JsonValueKind.String ? m.GetString() : null
            : null;
        var codeText = value.ToString(CultureInfo.InvariantCulture);
        throw new WebhookDeliveryException(
            string.Create(CultureInfo.InvariantCulture, $"The {platform} webhook of channel '{channel}' refused the message: {codeName} {codeText}{(text is null ? string.Empty : $" ({Shorten(text)})")}."),
            status,
            codeText);
    }

    private WebhookDeliveryException Unexpected(int status)
        => new(string.Create(CultureInfo.InvariantCulture, $"The {platform} webhook of channel '{channel}' answered HTTP {status} without the platform's result code: is the URL the robot's?"), status, null);

    // The platform's own explanation ("sign not match", "invalid webhook url"), one short line.
    private static string Shorten(string text)
    {
        var line = new string([.. text.Take(160).Select(c => char.IsControl(c) ? ' ' : c)]);
        return text.Length > 160 ? line + "…" : line;
    }
}
