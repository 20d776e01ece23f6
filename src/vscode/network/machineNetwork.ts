import * as vscode from 'vscode';
import * as z from 'zod/mini';
import type { MachineNetwork } from '../../domain/network/proxy';

/** VS Code's own `http.*` settings the requests follow, checked: a value of the wrong type counts as not set. */
const HttpSettingsSchema = z.object({
  proxy: z.catch(z.string(), ''),
  noProxy: z.catch(z.array(z.string()), []),
  proxyAuthorization: z.catch(z.nullable(z.string()), null),
  systemCertificates: z.catch(z.boolean(), true),
});

/** What the machine says about proxies and certificates: VS Code's `http.*` settings and the environment VS Code runs with. */
export function machineNetwork(): MachineNetwork {
  const http = vscode.workspace.getConfiguration('http');
  const settings = HttpSettingsSchema.parse({
    proxy: http.get('proxy'),
    noProxy: http.get('noProxy'),
    proxyAuthorization: http.get('proxyAuthorization'),
    systemCertificates: http.get('systemCertificates'),
  });
  return {
    proxy: settings.proxy,
    noProxy: settings.noProxy,
    ...(settings.proxyAuthorization ? { proxyAuthorization: settings.proxyAuthorization } : {}),
    systemCertificates: settings.systemCertificates,
    env: process.env,
  };
}
