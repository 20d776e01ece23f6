/**
 * What chat requests say (see src/ui/text/index.ts): where chat differs from a test's explanation,
 * what a streamed answer can go wrong with, and how a model is described in pickers.
 */
import * as l10n from '@vscode/l10n';
import type { ChatMessage, StreamAt } from '../../domain/chat/messages';
import { isMessage } from '../../domain/messages';
import type { Say } from './say';
import { withQuote } from './testing';
import { scopeLabel } from './scope';
import { tokenCountText } from './modelValues';

/** A stream problem's sentence, then what to do, then the provider's words. */
function atStream(text: string, message: StreamAt, say: Say): string {
  const advice = message.advice === 'retry' ? ` ${l10n.t('Try again later.')}` : message.advice === 'checkUrl' ? ` ${l10n.t('Check the URL.')}` : '';
  return withQuote(text + advice, message.quote, say);
}

export function chatText(message: ChatMessage, say: Say): string {
  switch (message.code) {
    case 'chat.toolArgsNotToolBlock':
      return atStream(l10n.t('{provider} at {host} sent tool arguments for a block that is not a tool call.', { provider: message.provider, host: message.host }), message, say);
    case 'chat.stoppedWithError':
      return atStream(l10n.t('{provider} at {host} stopped the answer with an error.', { provider: message.provider, host: message.host }), message, say);
    case 'chat.endedEarly':
      return atStream(l10n.t('{provider} at {host} ended the stream before the answer was complete.', { provider: message.provider, host: message.host }), message, say);
    case 'chat.toolArgsNotJson':
      return atStream(l10n.t('{provider} at {host} sent arguments for the tool {tool} that are not valid JSON.', { provider: message.provider, host: message.host, tool: message.tool }), message, say);
    case 'chat.toolArgsNotObject':
      return atStream(l10n.t('{provider} at {host} sent arguments for the tool {tool} that are not a JSON object.', { provider: message.provider, host: message.host, tool: message.tool }), message, say);
    case 'chat.eventNotObject':
      return atStream(l10n.t('{provider} at {host} sent an event that is not a JSON object.', { provider: message.provider, host: message.host }), message, say);
    case 'chat.eventTooLong':
      return atStream(l10n.t('{provider} at {host} sent an event longer than {size}.', { provider: message.provider, host: message.host, size: message.size }), message, say);
    case 'chat.blocked':
      return atStream(l10n.t('{provider} at {host} blocked the prompt ({reason}).', { provider: message.provider, host: message.host, reason: message.reason }), message, say);
    case 'chat.functionCallNoName':
      return atStream(l10n.t('{provider} at {host} sent a function call without a name.', { provider: message.provider, host: message.host }), message, say);
    case 'chat.toolCallNoName':
      return atStream(l10n.t('{provider} at {host} sent a tool call without a tool name.', { provider: message.provider, host: message.host }), message, say);
    case 'chat.noEvents':
      return atStream(l10n.t('{provider} at {host} sent no events.', { provider: message.provider, host: message.host }), message, say);
    case 'chat.disabled':
      return l10n.t('The connection is disabled. Enable it to use its models.');
    case 'chat.noChatApi':
      return l10n.t('{provider} connection has no chat API here.', { provider: message.provider });
    case 'chat.noChatApiUnknown':
      return l10n.t('This connection has no chat API here.');
    case 'chat.noModel':
      return l10n.t('No model was named for the request.');
    case 'chat.unknownToolCall':
      return l10n.t('A tool result answers the call {callId}, which no earlier message made.', { callId: message.callId });
    case 'chat.connectionGone':
      return l10n.t('The connection of this model no longer exists. Choose another model.');
    case 'chat.connectionDisabled':
      return l10n.t("'{name}' is disabled. Enable it to use its models.", { name: message.name });
    case 'chat.noBody':
      return l10n.t('{host} answered without a body.', { host: message.host });
    case 'chat.htmlNotStream':
      return l10n.t('{host} answered with an HTML page instead of a stream of events. Check the URL.', { host: message.host });
    case 'chat.jsonNotStream':
      return withQuote(l10n.t('{host} answered with a JSON document instead of a stream of events. Check the URL.', { host: message.host }), message.quote, say);
    case 'chat.noAnswer':
      return l10n.t('No answer from {host} within {seconds} s. Check the URL, your network or proxy.', { host: message.host, seconds: message.seconds });
    case 'chat.cancelled':
      return l10n.t('The request was cancelled.');
    case 'chat.toolsRefused':
      return withQuote(
        l10n.t('{host} refused tools for {model} (400). To use this model without tools, turn its tool calling off in Choose Chat Models… (the gear beside the model), or set {setting} in your user settings.', {
          host: message.host,
          model: message.model,
          setting: `"aiConnections.chat.modelOverrides": ${JSON.stringify({ [message.override]: { toolCalling: false } }).replace(/:/g, ': ')}`,
        }),
        message.quote,
        say,
      );
    case 'chat.notFoundModel':
      return withQuote(l10n.t('Not found (404) at {host}. Check the model name and the base URL.', { host: message.host }), message.quote, say);
    case 'chat.notFoundDeployment':
      return withQuote(l10n.t('Not found (404) at {host}. Check the deployment name, the endpoint and the API version.', { host: message.host }), message.quote, say);
    case 'chat.streamSilent':
      return l10n.t('{host} stopped sending the answer for more than {seconds} s. Check your network or proxy, or try again.', { host: message.host, seconds: message.seconds });
    case 'chat.streamBroke':
      return l10n.t('The connection to {host} broke during the answer: {reason}.', { host: message.host, reason: isMessage(message.reason) ? say(message.reason) : '' });
    case 'chat.streamTooLarge':
      return l10n.t('{host} answered, but the response is larger than {size}.', { host: message.host, size: message.size });
    case 'chat.modelDetail':
      return l10n.t('{connection} · {scope}', { connection: message.connection, scope: scopeLabel(message.scope) });
    case 'chat.modelTooltip': {
      const params = { model: message.model, connection: message.connection, alias: message.alias, scope: scopeLabel(message.scope) };
      if (message.overridden) {
        if (message.source === 'provider') return l10n.t('{model} through {connection} ({alias}, {scope}), limits from the provider and your settings.', params);
        if (message.source === 'table') return l10n.t('{model} through {connection} ({alias}, {scope}), limits from the known families table and your settings.', params);
        return l10n.t('{model} through {connection} ({alias}, {scope}), limits from the defaults and your settings.', params);
      }
      if (message.source === 'provider') return l10n.t('{model} through {connection} ({alias}, {scope}), limits from the provider.', params);
      if (message.source === 'table') return l10n.t('{model} through {connection} ({alias}, {scope}), limits from the known families table.', params);
      return l10n.t('{model} through {connection} ({alias}, {scope}), limits from the defaults.', params);
    }
    case 'chat.tokensNotNumber':
    case 'chat.tokensTooSmall':
    case 'chat.tokensTooLarge':
      return tokenCountText(message);
    case 'chat.overrideInvalid':
      return l10n.t('Model settings take whole numbers of tokens of at least 1, and on or off for tools and images. Nothing was changed.');
    case 'chat.overridesNotObject':
      return l10n.t('Your user setting aiConnections.chat.modelOverrides is not an object of model settings, so it was left as it is. Correct it in settings.json, then try again.');
    case 'chat.settingsWriteFailed':
      return l10n.t("Couldn't write your user settings: {reason}", { reason: message.reason });
  }
}
