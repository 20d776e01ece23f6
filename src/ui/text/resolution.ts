import * as l10n from '@vscode/l10n';
import type { ResolutionPlace } from '../../domain/resolution/messages';
import type { ResolutionMessage } from '../../domain/messages';
import type { Say } from './say';

/** `a`, `a or b`, `a, b or c`: the places a reference was looked for. */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  const head = items.slice(0, -1).reduce((list, item) => l10n.t('{list}, {item}', { list, item }));
  return l10n.t('{list} or {last}', { list: head, last: items[items.length - 1]! });
}

/** jsonc-parser's error code (`CommaExpected`) as words (`Comma expected`); the parser's own vocabulary. */
function jsonErrorWords(code: string): string {
  const words = code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function place(message: ResolutionPlace, say: Say): string {
  return say(message);
}

export function resolutionText(message: ResolutionMessage, say: Say): string {
  switch (message.code) {
    case 'resolution.placeFile':
      return message.missing ? l10n.t('{file} (no such file)', { file: message.file }) : message.file;
    case 'resolution.placeVariable':
      return l10n.t('env {name}', { name: message.name });
    case 'resolution.placeEnvironment':
      return l10n.t("VS Code's environment");
    case 'resolution.sourceFile':
      return l10n.t('{file}, {key}', { file: message.file, key: message.key });
    case 'resolution.sourceEnvironment':
      return l10n.t('environment variable {name}', { name: message.name });
    case 'resolution.sourceEscape':
      return l10n.t('literal ($$ stands for $)');
    case 'resolution.globalOnly':
      return l10n.t('global connections read only the environment');
    case 'resolution.restricted':
      return l10n.t('appsettings*.json and .env are not read in Restricted Mode');
    case 'resolution.noFolder':
      return l10n.t('no workspace folder is open');
    case 'resolution.folderNotOpen':
      return l10n.t('its folder {folder} is not open in this workspace', { folder: message.folder });
    case 'resolution.filesUnreadable':
      return l10n.t('the files could not be read');
    case 'resolution.fileUnreadable':
      return l10n.t('{file} could not be read.', { file: message.file });
    case 'resolution.fileTooLarge':
      return l10n.t('{file} is larger than 1 MB and was not read.', { file: message.file });
    case 'resolution.fileOutsideFolder':
      return l10n.t("{file} links to a file outside the workspace folder and was not read: only the folder's own files are used.", { file: message.file });
    case 'resolution.fileNotRegular':
      return l10n.t('{file} is not a regular file and was not read.', { file: message.file });
    case 'resolution.fileNotJson':
      return l10n.t('{file} could not be read as JSON.', { file: message.file });
    case 'resolution.jsonError': {
      const params = { file: message.file, line: message.line, error: jsonErrorWords(message.error), count: message.more };
      return message.more > 0 ? l10n.t('{file} line {line}: {error} (and {count} more).', params) : l10n.t('{file} line {line}: {error}.', params);
    }
    case 'resolution.topLevelNotObject':
      return l10n.t('{file} line 1: the top level must be an object.', { file: message.file });
    case 'resolution.notFound': {
      const places = orList(message.places.map((p) => place(p, say)));
      let text = l10n.t('{reference} not found in {places}', { reference: message.reference, places });
      for (const problem of message.problems) {
        const said = say(problem);
        text = l10n.t('{text}; {problem}', { text, problem: message.trim && problem.code !== 'resolution.folderNotOpen' ? said.replace(/\.$/, '') : said });
      }
      return text;
    }
    case 'resolution.unresolvable':
      return l10n.t('{reference} could not be resolved.', { reference: message.reference });
    case 'resolution.notAllowed':
      return l10n.t('{reference}: sending the environment variable {variable} was not allowed. Allow it when asked, or add it to aiConnections.references.allowedEnvironmentVariables.', {
        reference: message.reference,
        variable: message.variable,
      });
    case 'resolution.denied':
      return l10n.t('sending {source} was denied for this connection', { source: say(message.source) });
    case 'resolution.settingProblem':
      return l10n.t('{label}: {problem}', { label: message.label, problem: say(message.problem) });
    case 'resolution.hintProblem':
      return l10n.t('✗ {problem}', { problem: say(message.problem) });
    case 'resolution.hintSource': {
      const source = say(message.source);
      if (message.permission === 'ask') return l10n.t('→ {source} (asks before it is sent)', { source });
      if (message.permission === 'denied') return l10n.t('→ {source} (denied for this connection)', { source });
      return l10n.t('→ {source}', { source });
    }
  }
}
