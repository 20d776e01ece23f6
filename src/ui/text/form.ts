/**
 * The connection form's own texts, in VS Code's display language. The webview has no words of its
 * own: the host sends these in the init message (`strings`, checked by `FormStringsSchema`), and
 * provider descriptors go through `localizeProvider` first. Placeholders such as `{name}` are left
 * in (an `l10n.t` without arguments keeps them) for the webview to fill in.
 */
import * as l10n from '@vscode/l10n';
import type { FormStrings } from '../../protocol/formProtocol';
import { activeBundle } from './language';
import { PROVIDER_GROUP_LABELS } from '../../domain/providers/descriptor';
import { term } from './terms';

export function formStrings(): FormStrings {
  return {
    formLabelEdit: l10n.t('Edit connection'),
    formLabelNew: l10n.t('New connection'),
    headingEdit: l10n.t('Edit {name}'),
    headingNew: l10n.t('New Connection'),
    introEdit: l10n.t('Secrets stay in VS Code’s secret storage; leave a secret empty to keep it.'),
    introNew: l10n.t('Keys are kept in VS Code’s secret storage. A value like {reference} or {variable} is stored as a reference.', {
      reference: '$OpenAI:ApiKey',
      variable: '${env:OPENAI_API_KEY}',
    }),
    draftRestored: l10n.t('Restored your unsaved changes. Re-enter any secret you had typed.'),
    provider: l10n.t('Provider'),
    providerFixed: l10n.t("The provider can't be changed after creation. Create a new connection instead."),
    providerGroups: { chat: term(PROVIDER_GROUP_LABELS.chat), local: term(PROVIDER_GROUP_LABELS.local), azure: term(PROVIDER_GROUP_LABELS.azure), data: term(PROVIDER_GROUP_LABELS.data), custom: term(PROVIDER_GROUP_LABELS.custom) },
    promptflowSection: l10n.t({ message: 'promptflow', comment: ["the heading of the form's section of fields only promptflow connection files use; promptflow is a product name"] }),
    promptflowHelp: l10n.t('Fields only promptflow connection files use: kept as imported and written back on export.'),
    networkSection: l10n.t({ message: 'Network', comment: ["the heading of the form's section of the proxy, certificates, extra headers and the key header, for company networks and API gateways"] }),
    networkHelp: l10n.t('For a company network or an API gateway: the proxy and the certificates of this connection, headers sent with every request, and the header the key goes in. Headers go only to this connection’s host, never across a redirect to another.'),
    name: l10n.t('Name'),
    namePlaceholder: l10n.t('OpenAI Production'),
    nameHelp: l10n.t('Shown in the Connections view.'),
    alias: l10n.t('Alias'),
    aliasHelp: l10n.t('How code asks for this connection. Lowercase letters, digits, . _ -; unique.'),
    scope: l10n.t('Scope'),
    scopeGlobal: l10n.t('Global'),
    scopeWorkspace: l10n.t('Workspace'),
    scopeFixed: l10n.t('To change it, right-click the connection and choose Move to Workspace or Move to Global: it keeps its alias, keys and chat models.'),
    scopeHelp: l10n.t('Global: every window. Workspace: this folder only.'),
    scopeNoFolder: l10n.t('Open a folder to keep connections in the workspace.'),
    folder: l10n.t('Folder'),
    folderHelp: l10n.t('Where its references read appsettings*.json and .env.'),
    active: l10n.t('Active'),
    activeHelp: l10n.t('A disabled connection keeps its settings but is not used.'),
    save: l10n.t('Save'),
    saving: l10n.t('Saving…'),
    test: l10n.t('Test'),
    testing: l10n.t('Testing…'),
    cancel: l10n.t('Cancel'),
    delete: l10n.t('Delete…'),
    storedPlaceholder: l10n.t('stored — leave empty to keep'),
    sentTo: l10n.t('Sent only to {host}'),
    sentToReference: l10n.t('Sent only to the URL in {host}'),
    keySource: l10n.t({ message: 'Where {field} comes from', comment: ["the accessible name of the drop-down beside a key field that picks where the key comes from; {field} is the field's label"] }),
    keySources: {
      typed: l10n.t({ message: 'Typed key', comment: ['in the drop-down beside a key field: the key is typed into the field'] }),
      env: l10n.t('Environment variable'),
      config: l10n.t({ message: 'appsettings.json', comment: ['in the drop-down beside a key field: a file name, usually kept as written'] }),
      onePassword: l10n.t({ message: '1Password', comment: ['in the drop-down beside a key field: a product name'] }),
      pass: l10n.t({ message: 'pass', comment: ['in the drop-down beside a key field: the standard Unix password manager, a program name'] }),
      gopass: l10n.t({ message: 'gopass', comment: ['in the drop-down beside a key field: a program name'] }),
      hashicorp: l10n.t({ message: 'HashiCorp Vault', comment: ['in the drop-down beside a key field: a product name'] }),
      azureKeyVault: l10n.t({ message: 'Azure Key Vault', comment: ['in the drop-down beside a key field: a product name'] }),
      command: l10n.t({ message: 'Key command', comment: ['in the drop-down beside a key field: a command of the user settings (aiConnections.vaults.keyCommands) prints the key'] }),
    },
    escapedDollar: l10n.t('Stored as typed; sent with one $ less ($$ stands for $).'),
    testWorks: l10n.t('Works: {count} models, {ms} ms.'),
    testWorksOne: l10n.t('Works: 1 model, {ms} ms.'),
    nothingToTest: l10n.t('Nothing to test.'),
    testFailed: l10n.t('The test failed.'),
    entryName: l10n.t('Name'),
    entryValue: l10n.t('Value'),
    addSecret: l10n.t('Add Secret'),
    addConfig: l10n.t('Add Config'),
    addHeader: l10n.t('Add Header'),
    removeEntry: l10n.t('Remove this entry from {field}'),
    chat: l10n.t('Chat'),
    chatHelp: l10n.t("Offer this connection's models in VS Code's Chat and to extensions that use language models."),
    useInChat: l10n.t('Use in Chat'),
    chatDeployments: l10n.t('Its deployments (the Deployments field) are its chat models.'),
    chatNoModels: l10n.t('Test the connection to list its models; every chat model of the list is offered until you choose.'),
    chatModels: l10n.t('Chat models'),
    modelAdjust: l10n.t('Adjust…'),
    modelAdjustLabel: l10n.t('Adjust {model}'),
    modelToolCalling: l10n.t('Tool calling'),
    modelImageInput: l10n.t('Image input'),
    modelInputTokens: l10n.t('Input tokens'),
    modelOutputTokens: l10n.t('Output tokens'),
    modelTokensHelp: l10n.t('empty for {value} ({source})'),
    modelReset: l10n.t("Reset to the Server's Values"),
    modelSettingsHelp: l10n.t('Saved in your user settings (aiConnections.chat.modelOverrides) when you save the connection.'),
  };
}

/** The form panel's title (its editor tab). */
export function formTitle(connection: { name: string } | undefined): string {
  return connection ? l10n.t('Edit: {name}', { name: connection.name }) : l10n.t('New Connection');
}

/**
 * The webview checks the form as the host does and renders those messages itself (`say`, with
 * @vscode/l10n of its own, which nothing configures there): it gets the display language's bundle
 * (English text → translation). Empty in English.
 */
export function formTranslations(): Record<string, string> {
  return { ...activeBundle() };
}

/** The form's texts for a connection shared through the repository: where Save writes, and whose a typed key is. */
export function sharedFormStrings(file: string): Partial<FormStrings> {
  return {
    introEdit: l10n.t('Shared with the workspace: Save writes {file}, to commit with the code. A key you type is yours: it stays in this machine’s secret storage, is sent only to this connection’s host, and is never written into the file.', { file }),
    scopeFixed: l10n.t('A shared connection lives in {file}; everyone who opens the folder has it.', { file }),
  };
}
