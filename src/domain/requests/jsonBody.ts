/** A response body read as JSON, or undefined when it is not JSON: what a server sent is checked by schema after. */
export function jsonBody(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
