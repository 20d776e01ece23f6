import { parseAllDocuments } from 'yaml';
import { envReferenceFor } from './export';
import type { ImportedConnection } from './imported';

/**
 * The file's text with each literal secret of the imported connections replaced by a
 * `${env:<NAME>_<KEY>}` reference (the secret itself stays in secret storage). Comments and the
 * other values are kept. Returns the references written, to tell the user which variables to set.
 */
export function referenceLiteralSecrets(text: string, connections: readonly ImportedConnection[]): { text: string; references: string[] } {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const docs = parseAllDocuments(source, { version: '1.2' });
  const list = Array.isArray(docs) ? docs : [];
  const references: string[] = [];
  let index = 0;
  const out: string[] = [];
  for (const doc of list) {
    if (doc.contents === null && doc.errors.length === 0) continue;
    index++;
    const connection = connections.find((c) => c.document === index);
    if (connection && doc.errors.length === 0) {
      const name = doc.get('name');
      for (const secret of connection.secrets) {
        if (secret.source !== 'value') continue;
        const path = secret.field.split(/\.(.*)/s).filter((p) => p !== '');
        const reference = envReferenceFor(typeof name === 'string' ? name : connection.alias, path[path.length - 1]!);
        doc.setIn(path, reference);
        references.push(reference);
      }
    }
    out.push(doc.toString({ lineWidth: 0 }));
  }
  return { text: out.map((d, i) => (i > 0 && !d.startsWith('---') ? `---\n${d}` : d)).join(''), references };
}
