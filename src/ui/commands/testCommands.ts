import * as l10n from '@vscode/l10n';
import type { Connection } from '../../domain/connection';
import type { Logger } from '../../domain/logger';
import { CAPABILITY_LABELS, CapabilitySchema } from '../../domain/providers/descriptor';
import type { ConnectionStore } from '../../domain/store/connectionStore';
import type { TestResult } from '../../domain/testing/result';
import { RestrictedModeError } from '../../domain/requests';
import type { ConnectionTestService } from '../../domain/testing/testService';
import type { Ui } from '../ports';
import type { TestStatusBar } from '../statusBar';
import { resultText, kindText } from '../text/results';
import { term } from '../text/terms';
import type { TreeControl } from './connectionCommands';
import { Command, type CommandHandlers } from './ids';
import { resolveConnection } from './pickConnection';

export interface TestCommandContext {
  ui: Ui;
  store: ConnectionStore;
  service: ConnectionTestService;
  statusBar: TestStatusBar;
  tree: TreeControl;
  logger: Logger;
  runs: TestAllRuns;
  editConnection: (connection: Connection) => void;
  showLog: () => void;
}

/** The Test All run in progress, if any: there is never more than one. */
export class TestAllRuns {
  current: { controller: AbortController; done: number; total: number; finished: Promise<void> } | undefined;
}

/**
 * Runs Test All under a cancellable notification; the status bar follows along. While a run is
 * going, another request (status bar, title button, palette) shows it and offers to cancel it.
 */
export async function runTestAll(ctx: TestCommandContext, options: { quiet?: boolean } = {}): Promise<void> {
  const { ui } = ctx;
  const running = ctx.runs.current;
  if (running) {
    if (options.quiet) return running.finished;
    const choice = await ui.info(l10n.t('Test All is already running ({done}/{total} tested).', { done: running.done, total: running.total }), l10n.t('Cancel Test All'));
    if (choice) running.controller.abort();
    return running.finished;
  }
  ctx.service.assertTrusted();
  const total = ctx.store.list().connections.filter((c) => c.isActive).length;
  if (total === 0) {
    if (!options.quiet) void ui.info(l10n.t('There is no active connection to test.'));
    return;
  }
  const controller = new AbortController();
  let finish!: () => void;
  const run = { controller, done: 0, total, finished: new Promise<void>((resolve) => (finish = resolve)) };
  ctx.runs.current = run;
  const shown = ctx.statusBar.begin(total);
  let results: Map<Connection, TestResult>;
  try {
    results = await ui.progress({ location: options.quiet ? 'window' : 'notification', title: l10n.t('Testing AI connections'), cancellable: !options.quiet }, (report, signal) => {
      signal.addEventListener('abort', () => controller.abort());
      return ctx.service.testAll({
        signal: controller.signal,
        onProgress: (done, all, connection, result) => {
          run.done = done;
          shown.progress(done, all);
          report({ increment: 100 / all, message: `${done}/${all} · ${connection.name} ${result.success ? '✓' : '✗'}` });
        },
      });
    });
  } finally {
    shown.end();
    ctx.runs.current = undefined;
    finish();
  }
  if (controller.signal.aborted) {
    ui.flash('circle-slash', l10n.t('Test All cancelled'), 4000);
    return;
  }
  const failed = [...results.values()].filter((r) => !r.success && !r.skipped).length;
  if (failed > 0 && !options.quiet) {
    void ui.warn(l10n.t('{failed} of {total} connections failed their test. Hover the status bar item for the reasons.', { failed, total: results.size }), l10n.t('Show Log')).then((choice) => choice && ctx.showLog());
  }
}

async function showResult(ctx: TestCommandContext, connection: Connection, result: TestResult): Promise<void> {
  const { ui } = ctx;
  if (result.success) {
    const counts = { name: connection.name, count: result.modelCount ?? 0, ms: Math.round(result.latencyMs) };
    const works = result.modelCount === 1 ? l10n.t("'{name}' works: 1 model, {ms} ms.", counts) : l10n.t("'{name}' works: {count} models, {ms} ms.", counts);
    const choice = await ui.info(works, l10n.t('Show Models'));
    if (choice) await ui.executeCommand(Command.showModels, connection.id);
  } else if (result.skipped) {
    void ui.info(l10n.t("'{name}': {reason}", { name: connection.name, reason: resultText(result) ?? l10n.t('nothing to test') }));
  } else {
    const edit = l10n.t('Edit Connection');
    const showLog = l10n.t('Show Log');
    const choice = await ui.error(l10n.t("'{name}' failed its test: {reason}", { name: connection.name, reason: resultText(result) ?? kindText(result.errorKind) }), edit, showLog);
    if (choice === edit) ctx.editConnection(connection);
    if (choice === showLog) ctx.showLog();
  }
}

export function testCommands(ctx: TestCommandContext) {
  const { store, service, ui } = ctx;
  return {
    [Command.testConnection]: async (arg: unknown) => {
      service.assertTrusted();
      const connection = await resolveConnection(ui, store, arg, { placeHolder: l10n.t('Select a connection to test'), filter: (c) => c.isActive });
      if (!connection) return;
      const result = await ui.progress({ location: 'notification', title: l10n.t("Testing '{name}'…", { name: connection.name }), cancellable: true }, (_, signal) => service.test(connection.id, signal));
      if (result.errorKind !== 'cancelled') await showResult(ctx, connection, result);
    },
    [Command.testAll]: () => runTestAll(ctx),
    [Command.showModels]: async (arg: unknown) => {
      service.assertTrusted();
      const connection = await resolveConnection(ui, store, arg, { placeHolder: l10n.t('Select a connection to list its models'), filter: (c) => c.isActive });
      if (!connection) return;
      const result = await ui.progress({ location: 'notification', title: l10n.t("Listing the models of '{name}'…", { name: connection.name }), cancellable: true }, (_, signal) => service.test(connection.id, signal));
      if (result.errorKind === 'cancelled') return;
      if (!result.success) return showResult(ctx, connection, result);
      const picked = await ui.pick(
        (result.models ?? []).map((id) => ({ label: id })),
        { title: l10n.t('Models of {name} ({count})', { name: connection.name, count: result.modelCount ?? 0 }), placeHolder: l10n.t('Pick a model to copy its id') },
      );
      if (picked) {
        await ui.copy(picked.label);
        ui.flash('copy', l10n.t("Copied model id '{id}'", { id: picked.label }), 3000);
      }
    },
    [Command.filterByCapability]: async () => {
      const picked = await ui.pick(
        CapabilitySchema.options.map((capability) => ({ label: term(CAPABILITY_LABELS[capability]), capability, picked: ctx.tree.capability === capability })),
        { placeHolder: l10n.t('Show only connections whose provider offers…') },
      );
      if (picked) ctx.tree.setCapability(picked.capability);
    },
    [Command.clearFilter]: () => ctx.tree.setCapability(undefined),
  } satisfies CommandHandlers;
}

/** Test All at startup, when the setting asks for it: quietly skipped in Restricted Mode. */
export async function testOnStartup(ctx: TestCommandContext): Promise<void> {
  try {
    await runTestAll(ctx, { quiet: true });
  } catch (error) {
    if (!(error instanceof RestrictedModeError)) ctx.logger.warn(`Test on startup: ${error instanceof Error ? error.message : String(error)}`);
  }
}
