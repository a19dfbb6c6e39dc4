import { createCipheriv, createDecipheriv, createHmac, randomBytes, randomInt, scrypt } from "node:crypto";
import { type Env, parseContactKeys } from "../../env.js";

/**
 * Encryption at rest for the confidential contact: message bodies, the student's optional name and
 * reply address, and the listener's referral note are AES-256-GCM ciphertexts, each stored as
 * `keyId:iv:tag:ciphertext` (base64url), so the key that wrote a value is named beside it and keys
 * can be rotated (`npm run cli -- contact:rekey`). The keys come from the configuration
 * (CONTACT_KEYS, CONTACT_KEY_ID), never the database. Each value is bound to its conversation (the
 * id is the additional authenticated data): a ciphertext moved to another conversation does not
 * decrypt.
 */

export type KeyRing = { keys: Map<string, Buffer>; current: string; development: boolean };

/** Used outside production when CONTACT_KEYS is unset (the portal says so at start); production refuses to start without keys. */
const DEVELOPMENT_KEY = "dev:ZGV2ZWxvcG1lbnQtb25seS1rZXktbm90LXNlY3JldCE=";

const rings = new WeakMap<Env, KeyRing>();

/** The key ring the configuration gives (the development key when none is set outside production). */
export function keyRing(env: Env): KeyRing {
  let ring = rings.get(env);
  if (!ring) {
    if (!env.CONTACT_KEYS && env.NODE_ENV === "production") throw new Error("CONTACT_KEYS is required in production");
    const development = !env.CONTACT_KEYS;
    ring = { ...parseContactKeys(env.CONTACT_KEYS ?? DEVELOPMENT_KEY, env.CONTACT_KEY_ID), development };
    rings.set(env, ring);
  }
  return ring;
}

/** What the portal says at start when it uses the development key (null when keys are configured). */
export const developmentKeyNotice = (env: Env) =>
  keyRing(env).development
    ? "Confidential contact: no CONTACT_KEYS set, so messages are encrypted with a fixed development key. Set CONTACT_KEYS before real use (production refuses to start without it)."
    : null;

export function encrypt(ring: KeyRing, plaintext: string, aad: string): string {
  const key = ring.keys.get(ring.current)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const b = (x: Buffer) => x.toString("base64url");
  return `${ring.current}:${b(iv)}:${b(cipher.getAuthTag())}:${b(ct)}`;
}

/** The key id a stored value was encrypted with. */
export const keyIdOf = (value: string) => value.slice(0, value.indexOf(":"));

/** Decrypts a stored value; throws (a programmer or configuration error) when its key is missing or it was tampered with. */
export function decrypt(ring: KeyRing, value: string, aad: string): string {
  const [id, iv, tag, ct] = value.split(":");
  const key = id ? ring.keys.get(id) : undefined;
  if (!key || iv === undefined || tag === undefined || ct === undefined)
    throw new Error(`cannot decrypt: key ${id ?? "?"} is not configured`);
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
}

export const encryptOrNull = (ring: KeyRing, v: string | null, aad: string) => (v === null ? null : encrypt(ring, v, aad));
export const decryptOrNull = (ring: KeyRing, v: string | null, aad: string) => (v === null ? null : decrypt(ring, v, aad));

// ---------- receipts ----------

/** A receipt: 16 random digits (four groups of four, each from crypto.randomInt). */
export function newReceipt(): string {
  return Array.from({ length: 4 }, () => String(randomInt(0, 10_000)).padStart(4, "0")).join("");
}

/** As people write it: "1234 5678 9012 3456". */
export const formatReceipt = (digits: string) => digits.replace(/(\d{4})(?=\d)/g, "$1 ");

/** What was typed, as 16 digits (spaces and dashes dropped), or null when it is no receipt. */
export function readReceipt(typed: string): string | null {
  const digits = typed.replace(/[\s-]/g, "");
  return /^\d{16}$/.test(digits) ? digits : null;
}

/**
 * The site-wide secret salt: CONTACT_RECEIPT_SALT, or derived from SESSION_SECRET (HMAC), so a
 * portal without the setting still has one. Changing either makes every receipt unfindable.
 */
const receiptSalt = (env: Env) =>
  env.CONTACT_RECEIPT_SALT ?? createHmac("sha256", env.SESSION_SECRET).update("contact-receipt-salt").digest("base64url");

/** scrypt cost: about 50 ms and 16 MiB per look-up, on top of the rate limits. */
const SCRYPT = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/**
 * The receipt as stored: a slow hash (scrypt) with the site-wide secret salt, so it can be looked
 * up (as GlobaLeaks does) but not read back, and guessing offline needs the salt too.
 */
export function receiptHash(env: Env, digits: string): Promise<string> {
  return new Promise((resolve, reject) =>
    scrypt(digits, receiptSalt(env), 32, SCRYPT, (err, key) => (err ? reject(err) : resolve(key.toString("base64url")))),
  );
}
