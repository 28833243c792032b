/**
 * Each kiosk signs every event's hash with its own Ed25519 key, made once with the kiosk's id.
 *
 * What this shows, and what it does not (the threat model):
 * - The hash chain alone shows an edit, a deletion or a reordering only to someone who does not
 *   recompute it: anyone with the file and the sqlite3 tool can drop the append-only triggers,
 *   change an event and re-hash every event after it, and the chain is whole again.
 * - A signature over each hash stops that forger: without the private key the re-hashed events
 *   carry signatures that no longer match, and the first of them is named.
 * - The private key is never in the ledger file (signing-key-keeper.ts): a copy of the file alone
 *   cannot re-sign anything. Whoever holds the whole data folder holds the key file too and could;
 *   that is why the public key is also registered centrally, and why an auditor checks against a
 *   copy of it kept outside the folder (`--public-key`, `--central`): signatures made with any
 *   other key then fail at once.
 * - Signing cannot show events cut off the end of a chain (there is no later event to break): the
 *   start's signed checkpoint (chain-checkpoint.ts) and central's mark for the kiosk do.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

export interface SigningKeyPair {
  /** PKCS#8 PEM: kept by the kiosk's keeper, outside its ledger file. */
  privateKeyPem: string;
  /** SPKI PEM: what a verifier, and later the central service, is given. */
  publicKeyPem: string;
}

export function newSigningKeyPair(): SigningKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export class NotAnEd25519KeyError extends Error {}

export function privateKeyFromPem(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new NotAnEd25519KeyError(`A kiosk signs with an Ed25519 key, not ${key.asymmetricKeyType}.`);
  return key;
}

/** Throws NotAnEd25519KeyError (or node's own error for text that is not a key at all). */
export function publicKeyFromPem(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new NotAnEd25519KeyError(`A kiosk's public key is an Ed25519 key, not ${key.asymmetricKeyType}.`);
  return key;
}

/** The signature (base64) over the event's SHA-256 hash, which already covers its whole envelope and the link before it. */
export function signEventHash(hash: string, privateKey: KeyObject): string {
  return sign(null, Buffer.from(hash, 'hex'), privateKey).toString('base64');
}

export function signatureMatches(hash: string, signature: string, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(hash, 'hex'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    // A signature that is not even the right shape is simply not a match.
    return false;
  }
}
