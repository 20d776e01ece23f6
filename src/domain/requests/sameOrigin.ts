/**
 * A GET to a path on the origin of the connection's base URL, with the model list's headers: its
 * status and JSON body (undefined when not JSON); `unusable` when the answer took too long, was too
 * large or was a redirect elsewhere; undefined when nothing answered (cancelled, unreachable).
 */
export interface SameOriginGet {
  origin: string;
  get(path: string): Promise<{ status: number; body: unknown } | { unusable: true } | undefined>;
}
