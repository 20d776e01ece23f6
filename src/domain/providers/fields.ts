/** The help of every key field; its examples name the provider's own configuration section and variable. */
const KEY_HELP = 'A literal key, or a reference such as {reference} or {variable}.';

export const keyHelp = (section: string, variable: string) => ({ help: KEY_HELP, helpArgs: { reference: `$${section}:ApiKey`, variable: `\${env:${variable}}` } });
