/** The help of every key field; its examples name the provider's own configuration section and variable. */
const KEY_HELP = 'A literal key, or a reference such as {reference} or {variable}.';

/** `name`: the secret's name in the reference example, when it is not the provider's API key. */
export const keyHelp = (section: string, variable: string, name = 'ApiKey') => ({ help: KEY_HELP, helpArgs: { reference: `$${section}:${name}`, variable: `\${env:${variable}}` } });
