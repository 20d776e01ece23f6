import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { scrubSecrets } from '../../src/domain/requests';

// Fake keys only. The Gemini-shaped one is joined at run time so that secret scanners, which look
// for the literal shape, do not flag it.
const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const SHAPES: Record<string, string> = {
  'OpenAI sk-proj-': 'sk-proj-test_Ab3-xY9_kL2m-Qw7Zr',
  'Anthropic sk-ant-api03-': 'sk-ant-api03-test_Rk8-Vb2',
  'Gemini AIza (39)': ['AIza', 'SyTEST-fake_key-9Rk2Vb7Lq3Wz4Nd8PqM'].join(''),
  'Azure 32 hex': '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  'base64 with +/=': 'tEsT+fAkE/kEy+Rk2Vb7/Lq3Wz4N==',
  'short 12': 'Tq7test9Lm2W',
  'Entra JWT': [b64url('{"typ":"JWT","alg":"none"}'), b64url('{"aud":"https://cognitiveservices.azure.com","sub":"test-user","name":"Test Only"}'), b64url('fake-signature-for-tests')].join('.'),
};

const BEFORE = 'Incorrect API key provided:';
const AFTER = 'You can find your API key at https://platform.example.com/account/api-keys.';

// ---- encoders -------------------------------------------------------------------------------

const hex2 = (code: number, upper = false) => {
  const h = code.toString(16).padStart(2, '0');
  return upper ? h.toUpperCase() : h;
};
const bytes = (text: string) => [...Buffer.from(text, 'utf8')];
const chunk = (text: string, size: number) => text.match(new RegExp(`[^]{1,${size}}`, 'g')) ?? [];
const NAMED: Record<string, string> = { '-': '&hyphen;', _: '&lowbar;', '+': '&plus;', '/': '&sol;', '=': '&equals;', '.': '&period;' };

// ---- decoders: what a reader could recover from the scrubbed text ---------------------------------

const percentDecode = (text: string) => text.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
const ENTITY_NAMES: Record<string, string> = { amp: '&', hyphen: '-', lowbar: '_', plus: '+', sol: '/', equals: '=', period: '.' };
const entityDecode = (text: string) => {
  let out = text;
  for (let round = 0; round < 3; round++) {
    out = out
      .replace(/&#[xX]([0-9A-Fa-f]+);?/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
      .replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Number(d)))
      .replace(/&([A-Za-z]+);/g, (all, name: string) => ENTITY_NAMES[name] ?? all);
  }
  return out;
};
const jsonDecode = (text: string) => text.replace(/\\u([0-9A-Fa-f]{4})|\\x([0-9A-Fa-f]{2})|\\(.)/g, (_, u?: string, x?: string, c?: string) => (u ? String.fromCharCode(parseInt(u, 16)) : x ? String.fromCharCode(parseInt(x, 16)) : (c ?? '')));
/** Every base64 run of the text, read from each of its first four offsets, in both alphabets. */
const base64Readings = (text: string) => (text.match(/[A-Za-z0-9+/_-]{4,}/g) ?? []).flatMap((run) => [0, 1, 2, 3].map((offset) => Buffer.from(run.slice(offset).replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1')));
/** Every hex run of the text (separators dropped), read from both parities. */
const hexReadings = (text: string) => (text.replace(/[:\s]/g, '').match(/[0-9A-Fa-f]{4,}/g) ?? []).flatMap((run) => [0, 1].map((offset) => Buffer.from(run.slice(offset), 'hex').toString('latin1')));

interface Encoding {
  name: string;
  encode(key: string): string;
  /** Texts a reader could derive from the scrubbed output by undoing this encoding. */
  readings(out: string): string[];
  /**
   * The separators are characters keys themselves use (`-`, or `+` for a space): then the scrubber needs
   * 8 letters or digits in the key, and the property only draws such keys.
   */
  keyCharSeparator?: boolean;
  /** Masks: what must not survive besides pieces of the key. */
  forbidden?(key: string): string[];
}

const ENCODINGS: Encoding[] = [
  { name: 'as sent', encode: (k) => k, readings: (o) => [o] },
  { name: 'URL-encoded (encodeURIComponent)', encode: (k) => `https://api.example.com/v1/models?key=${encodeURIComponent(k)}&alt=json`, readings: (o) => [percentDecode(o)] },
  {
    name: 'percent-encoded, every byte',
    encode: (k) =>
      bytes(k)
        .map((b) => `%${hex2(b, true)}`)
        .join(''),
    readings: (o) => [percentDecode(o)],
  },
  {
    name: 'percent-encoded twice (%25XX)',
    encode: (k) =>
      bytes(k)
        .map((b) => `%25${hex2(b)}`)
        .join(''),
    readings: (o) => [percentDecode(percentDecode(o))],
  },
  {
    name: 'form-encoded, spaced out (space as +)',
    encode: (k) => new URLSearchParams({ api_key: [...k].join(' ') }).toString(),
    readings: (o) => [percentDecode(o.replace(/\+/g, ' ')).replace(/ /g, '')],
    keyCharSeparator: true,
  },
  { name: 'spaced out', encode: (k) => [...k].join(' '), readings: (o) => [o.replace(/ /g, '')] },
  { name: 'split by dots', encode: (k) => [...k].join('.'), readings: (o) => [o.replace(/\./g, '')] },
  { name: 'split by hyphens', encode: (k) => [...k].join('-'), readings: (o) => [o.replace(/-/g, '')], keyCharSeparator: true },
  { name: 'split over lines (LF)', encode: (k) => chunk(k, 10).join('\n'), readings: (o) => [o.replace(/\s/g, '')] },
  { name: 'split over lines (CRLF)', encode: (k) => chunk(k, 7).join('\r\n'), readings: (o) => [o.replace(/\s/g, '')] },
  { name: 'base64', encode: (k) => Buffer.from(k).toString('base64'), readings: base64Readings },
  { name: 'base64 of "Bearer <key>"', encode: (k) => Buffer.from(`Bearer ${k}`).toString('base64'), readings: base64Readings },
  { name: 'base64url', encode: (k) => Buffer.from(k).toString('base64url'), readings: base64Readings },
  { name: 'HTML decimal entities', encode: (k) => [...k].map((c) => `&#${c.codePointAt(0)};`).join(''), readings: (o) => [entityDecode(o)] },
  { name: 'HTML hex entities', encode: (k) => [...k].map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join(''), readings: (o) => [entityDecode(o)] },
  {
    name: 'HTML named and numeric entities mixed',
    encode: (k) => [...k].map((c, i) => NAMED[c] ?? (i % 2 ? `&#X${c.codePointAt(0)!.toString(16).toUpperCase()};` : c)).join(''),
    readings: (o) => [entityDecode(o)],
  },
  { name: 'HTML entities escaped twice (&amp;#NN;)', encode: (k) => [...k].map((c) => `&amp;#${c.codePointAt(0)};`).join(''), readings: (o) => [entityDecode(o)] },
  { name: 'masked first 6 … last 4', encode: (k) => `${k.slice(0, 6)}…${k.slice(-4)}`, readings: (o) => [o], forbidden: (k) => [k.slice(0, 6), k.slice(-4)] },
  { name: 'masked first 6 **** last 4', encode: (k) => `${k.slice(0, 6)}****${k.slice(-4)}`, readings: (o) => [o], forbidden: (k) => [k.slice(0, 6), k.slice(-4)] },
  { name: 'masked first 6 ... last 4', encode: (k) => `${k.slice(0, 6)}...${k.slice(-4)}`, readings: (o) => [o], forbidden: (k) => [k.slice(0, 6), k.slice(-4)] },
  { name: 'JSON \\u escapes', encode: (k) => [...k].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''), readings: (o) => [jsonDecode(o)] },
  {
    name: 'JSON string with \\/ and some \\u escapes',
    encode: (k) => `{"error":{"key":"${[...k].map((c, i) => (c === '/' ? '\\/' : i % 3 === 1 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('')}"}}`,
    readings: (o) => [jsonDecode(o)],
  },
  {
    name: 'hex, lower case',
    encode: (k) =>
      bytes(k)
        .map((b) => hex2(b))
        .join(''),
    readings: hexReadings,
  },
  {
    name: 'hex, upper case with colons',
    encode: (k) =>
      bytes(k)
        .map((b) => hex2(b, true))
        .join(':'),
    readings: hexReadings,
  },
  {
    name: '\\x escapes',
    encode: (k) =>
      bytes(k)
        .map((b) => `\\x${hex2(b)}`)
        .join(''),
    readings: (o) => [jsonDecode(o)],
  },
];

// ---- checks -----------------------------------------------------------------------------------

function pieces(key: string, size = 8): string[] {
  const out: string[] = [];
  for (let i = 0; i + size <= key.length; i++) out.push(key.slice(i, i + size));
  return out;
}

/** Why the scrubbed text still gives the key away, or undefined. */
function leak(out: string, key: string, encoding: Encoding, encoded: string, around = ''): string | undefined {
  if (out.includes(encoded)) return `the encoded key survives: ${JSON.stringify(encoded)}`;
  for (const reading of [out, ...encoding.readings(out)]) {
    const piece = pieces(key).find((p) => reading.includes(p));
    if (piece !== undefined) return `the piece ${JSON.stringify(piece)} can be read back from ${JSON.stringify(reading.slice(0, 200))}`;
  }
  // A masked part that the words around the key hold themselves ("erro" in "error") is not the key's.
  const kept = encoding.forbidden?.(key).find((part) => out.includes(part) && !around.includes(part));
  return kept === undefined ? undefined : `the masked part ${JSON.stringify(kept)} survives`;
}

describe('scrubSecrets: every encoding of every key shape', () => {
  for (const [shape, key] of Object.entries(SHAPES)) {
    for (const encoding of ENCODINGS) {
      it(`${shape}, ${encoding.name}`, () => {
        const encoded = encoding.encode(key);
        const out = scrubSecrets(`${BEFORE} ${encoded}. ${AFTER}`, [key], 100_000);
        assert.equal(leak(out, key, encoding, encoded), undefined, out);
        assert.ok(out.startsWith(BEFORE), `the words before the key survive: ${out}`);
        assert.ok(out.endsWith(AFTER), `the words after the key survive: ${out}`);
      });
    }
  }
});

describe('scrubSecrets: random keys in random text', () => {
  const KEY_CHARS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/='];
  const anyKey = fc.string({ unit: fc.constantFrom(...KEY_CHARS), minLength: 12, maxLength: 80 });
  const keyWith8Alnum = anyKey.filter((k) => k.replace(/[^A-Za-z0-9]/g, '').length >= 8);
  const WORDS = ['the', 'request', 'failed', 'invalid', 'key', 'provided', 'error', 'code', '401', 'model', 'quota', 'See', 'docs', '(retry)', 'later.', 'for', 'organization', 'x', 'a', 'id:', '"message":', '{', '}'];
  const words = fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }).map((list) => list.join(' '));
  for (const encoding of ENCODINGS) {
    const key = encoding.keyCharSeparator ? keyWith8Alnum : anyKey;
    it(`never lets the key through: ${encoding.name}`, () => {
      fc.assert(
        fc.property(key, words, words, (secret, before, after) => {
          const encoded = encoding.encode(secret);
          const out = scrubSecrets(`${before} ${BEFORE} ${encoded} ${after}`, [secret], 100_000);
          const why = leak(out, secret, encoding, encoded, `${before} ${BEFORE} ${after}`);
          if (why !== undefined) throw new Error(`${why}\nout: ${out}`);
          // Not BEFORE whole: a character next to a low-entropy key ("dddd…") can be taken for part of it.
          if (!out.includes('Incorrect API key')) throw new Error(`the words before the key were lost: ${out}`);
        }),
        { numRuns: 150 },
      );
    });
  }
});

describe('scrubSecrets: ordinary words, short secrets and the length cap', () => {
  it('leaves ordinary provider text alone', () => {
    const text = 'Incorrect API key provided. This is a risk-free task-based test of the password reset flow (request id req_123).';
    assert.equal(scrubSecrets(text, ['sk-test-Ab3xY9kL2mQw7Zr'], 1000), text);
  });
  it('leaves secrets under 4 characters alone', () => {
    assert.equal(scrubSecrets('the abc of it', ['abc']), 'the abc of it');
  });
  it('removes a 4 to 7 character secret only where it appears whole, as sent or unescaped', () => {
    assert.equal(scrubSecrets('pin 7k3q and %37%6B%33%71 and 7 k 3 q', ['7k3q']), 'pin [redacted] and [redacted] and 7 k 3 q');
    assert.equal(scrubSecrets('the token tok3n', ['tok3n']), 'the token [redacted]');
  });
  it('removes an 8-character secret spaced out too, a shorter one only whole', () => {
    assert.equal(scrubSecrets('pass word', ['password']), '[redacted]');
    assert.equal(scrubSecrets('the pass is ok', ['pass']), 'the [redacted] is ok');
  });
  it('caps the text after scrubbing, never cutting through a marker or leaving a piece of a key', () => {
    const key = 'sk-test-Ab3xY9kL2mQw7Zr';
    for (let cut = 20; cut < 80; cut++) {
      const out = scrubSecrets(`Incorrect key: ${key} ${key}`, [key], cut);
      assert.ok(out.length <= cut, out);
      assert.ok(!pieces(key).some((p) => out.includes(p)), out);
      assert.ok(!/\[(?!redacted\])[a-z]*…$/.test(out), `cut through a marker: ${out}`);
    }
    assert.equal(scrubSecrets('word '.repeat(100), []).length, 300);
  });
  it('finds secrets with spaces, escape characters or non-ASCII characters in them', () => {
    assert.equal(scrubSecrets('bad password: correct horse battery staple.', ['correct horse battery staple'], 1000), 'bad password: [redacted].');
    assert.equal(scrubSecrets('bad password "horse battery"', ['correct horse battery staple'], 1000), 'bad password "[redacted]"');
    // As received (the text also has escapes, which are undone for the other checks) and unescaped.
    assert.equal(scrubSecrets('p%26ss&amp;word9 or p&ss&word9 &amp; more', ['p&ss&word9'], 1000), '[redacted] or [redacted] &amp; more');
    assert.equal(scrubSecrets('key clé-secrète-42 and cl%C3%A9', ['clé-secrète-42'], 1000), 'key [redacted] and cl%C3%A9');
  });
  it('keeps working on text with stray escapes', () => {
    assert.equal(scrubSecrets('100% of & and \\ stay; &bogus; %zz \\q', [], 1000), '100% of & and \\ stay; &bogus; %zz \\q');
    assert.equal(scrubSecrets('&constructor; &toString; &#xD800; &#0; \\u{110000}', ['sk-test-Ab3xY9kL2mQw7Zr'], 1000), '&constructor; &toString; &#xD800; &#0; \\u{110000}');
  });
});
