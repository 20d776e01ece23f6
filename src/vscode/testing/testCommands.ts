import * as vscode from 'vscode';
import type { Connection } from '../../domain/connection';
import type { Logger } from '../../domain/logger';
import { CAPABILITY_LABELS, CapabilitySchema } from '../../domain/providers/descriptor';
import type { TestResult } from '../../domain/testing/result';
import type { ConnectionTestService } from '../../domain/testing/testService';
import type { ConnectionStore } from '../../domain/store/connectionStore';
import { Command, type CommandHandlers } from '../commands/ids';
import { resolveConnection } from '../commands/pickConnection';
import type { ConnectionTreeProvider } from '../tree/connectionTreeProvider';
import type { TestStatusBar } from './statusBar';

export interface TestCommandContext {
  store: ConnectionStore;
  service: ConnectionTestService;
  statusBar: TestStatusBar;
  tree: ConnectionTreeProvider;
  logger: Logger;
  editConnection: (connection: Connection) => void;
  showLog: () => void;
}

const RESTRICTED = 'Testing connections is off in Restricted Mode. Trust this workspace to test connections.';

function trusted(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showInformationMessage(RESTRICTED, 'Manage Workspace Trust').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}

/** Runs Test All under a cancellable notification; the status bar follows along. */
export async function runTestAll(ctx: TestCommandContext, options: { quiet?: boolean } = {}): Promise<void> {
  if (!trusted()) return;
  const total = ctx.store.list().connections.filter((c) => c.isActive).length;
  if (total === 0) {
    if (!options.quiet) void vscode.window.showInformationMessage('There is no active connection to test.');
    return;
  }
  const controller = new AbortController();
  ctx.statusBar.setRunning({ running: true, done: 0, total });
  let results: Map<Connection, TestResult>;
  try {
    results = await vscode.window.withProgress(
      { location: options.quiet ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification, title: 'Testing AI connections', cancellable: !options.quiet },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        return ctx.service.testAll({
          signal: controller.signal,
          onProgress: (done, all, connection, result) => {
            ctx.statusBar.setRunning({ running: true, done, total: all });
            progress.report({ increment: 100 / all, message: `${done}/${all} · ${connection.name} ${result.success ? '✓' : '✗'}` });
          },
        });
      },
    );
  } finally {
    ctx.statusBar.setRunning({ running: false });
  }
  if (controller.signal.aborted) {
    vscode.window.setStatusBarMessage('$(circle-slash) Test All cancelled', 4000);
    return;
  }
  const failed = [...results.values()].filter((r) => !r.success && !r.skipped).length;
  if (failed > 0 && !options.quiet) {
    void vscode.window
      .showWarningMessage(`${failed} of ${results.size} connections failed their test. Hover the status bar item for the reasons.`, 'Show Log')
      .then((choice) => choice && ctx.showLog());
  }
}

async function showResult(ctx: TestCommandContext, connection: Connection, result: TestResult): Promise<void> {
  if (result.success) {
    const choice = await vscode.window.showInformationMessage(`'${connection.name}' works: ${result.modelCount ?? 0} models, ${Math.round(result.latencyMs)} ms.`, 'Show Models');
    if (choice) await vscode.commands.executeCommand(Command.showModels, connection.id);
  } else if (result.skipped) {
    void vscode.window.showInformationMessage(`'${connection.name}': ${result.errorMessage ?? 'nothing to test'}`);
  } else {
    const choice = await vscode.window.showErrorMessage(`'${connection.name}' failed its test: ${result.errorMessage ?? result.errorKind}`, 'Edit Connection', 'Show Log');
    if (choice === 'Edit Connection') ctx.editConnection(connection);
    if (choice === 'Show Log') ctx.showLog();
  }
}

export function testCommands(ctx: TestCommandContext) {
  const { store, service } = ctx;
  return {
    [Command.testConnection]: async (arg: unknown) => {
      if (!trusted()) return;
      const connection = await resolveConnection(store, arg, { placeHolder: 'Select a connection to test', filter: (c) => c.isActive });
      if (!connection) return;
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Testing '${connection.name}'…`, cancellable: true },
        (_, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          return service.test(connection.id, controller.signal);
        },
      );
      if (result.errorKind !== 'cancelled') await showResult(ctx, connection, result);
    },
    [Command.testAll]: () => runTestAll(ctx),
    [Command.showModels]: async (arg: unknown) => {
      if (!trusted()) return;
      const connection = await resolveConnection(store, arg, { placeHolder: 'Select a connection to list its models', filter: (c) => c.isActive });
      if (!connection) return;
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Listing the models of '${connection.name}'…` }, () => service.test(connection.id));
      if (!result.success) return showResult(ctx, connection, result);
      const picked = await vscode.window.showQuickPick(
        (result.models ?? []).map((id) => ({ label: id })),
        { title: `Models of ${connection.name} (${result.modelCount ?? 0})`, placeHolder: 'Pick a model to copy its id' },
      );
      if (picked) {
        await vscode.env.clipboard.writeText(picked.label);
        vscode.window.setStatusBarMessage(`$(copy) Copied model id '${picked.label}'`, 3000);
      }
    },
    [Command.filterByCapability]: async () => {
      const picked = await vscode.window.showQuickPick(
        CapabilitySchema.options.map((capability) => ({ label: CAPABILITY_LABELS[capability], capability, picked: ctx.tree.capability === capability })),
        { placeHolder: 'Show only connections whose provider offers…' },
      );
      if (picked) ctx.tree.setCapability(picked.capability);
    },
    [Command.clearFilter]: () => ctx.tree.setCapability(undefined),
  } satisfies CommandHandlers;
}
