/**
 * How a secret field shows what it holds. A reference (`${env:OPENAI_API_KEY}`, `$OpenAI:ApiKey`)
 * names where a key lives and is not itself a secret, so it reads as text; anything else may be a
 * key and is masked. Decided by the same grammar as everywhere else (src/domain/references.ts).
 */
import { isReference } from '../src/domain/references';

export function secretInputType(value: string): 'text' | 'password' {
  return isReference(value) ? 'text' : 'password';
}
