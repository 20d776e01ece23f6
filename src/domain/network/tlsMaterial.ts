/**
 * The TLS material a connection names, checked before anything is sent: extra certificate
 * authorities and a client certificate (a PEM file, or PEM pasted into the field, whose line
 * breaks a one-line input drops), and a client key file with its passphrase. Each problem names
 * the part it is in; no message carries a key, a passphrase or a file's content.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';

export type TlsProblem = 'notCertificate' | 'notKey' | 'passphraseNeeded' | 'passphraseWrong' | 'keyMismatch';

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]*?)-----END CERTIFICATE-----/g;

/**
 * Every certificate in PEM text, re-encoded with its line breaks (so pasted text that lost them
 * works), or `notCertificate` when a block is not one or there is none.
 */
export function certificatesIn(text: string): string[] | 'notCertificate' {
  const pems: string[] = [];
  for (const match of text.matchAll(CERTIFICATE_BLOCK)) {
    try {
      pems.push(new X509Certificate(Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64')).toString());
    } catch {
      return 'notCertificate';
    }
  }
  return pems.length > 0 ? pems : 'notCertificate';
}

/** Whether a PEM key is encrypted (PKCS#8 `ENCRYPTED PRIVATE KEY`, or a traditional key with `Proc-Type: 4,ENCRYPTED`). */
function isEncrypted(pem: string): boolean {
  return pem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || /Proc-Type:\s*4,ENCRYPTED/.test(pem);
}

/** The client key opened with its passphrase, or why it cannot be. */
export function openClientKey(pem: string, passphrase: string | undefined): KeyObject | TlsProblem {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) return 'notKey';
  const encrypted = isEncrypted(pem);
  if (encrypted && passphrase === undefined) return 'passphraseNeeded';
  try {
    return createPrivateKey({ key: pem, format: 'pem', ...(encrypted ? { passphrase } : {}) });
  } catch {
    return encrypted ? 'passphraseWrong' : 'notKey';
  }
}

/** Whether the client certificate (its first) belongs to the key. */
export function certificateMatchesKey(certificate: string, key: KeyObject): boolean {
  try {
    return new X509Certificate(certificate).checkPrivateKey(key);
  } catch {
    return false;
  }
}

/** A certificate's SHA-256 fingerprint, as `AB:CD:…`. */
export function fingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}
