// The simulated authenticator's TOTP logic: pure functions, no DOM, no dependencies.
// HOTP is RFC 4226, TOTP is RFC 6238, keys are Base32 (RFC 4648 section 6).
// normaliseKey mirrors demo/rules/normalise.py's normalise_key so the page and the server agree.
// The service's figures (step, digits, algorithm, the shortest key) are not written here: the
// caller passes them, from the Key URI or from the page data (demo/web/context.py otp_figures).

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"; // the format's (RFC 4648), not the service's
// The Key URI format's names, and WebCrypto's for the same hashes.
export const ALGORITHMS = Object.freeze({ SHA1: "SHA-1", SHA256: "SHA-256", SHA512: "SHA-512" });
// What the Key URI format means when a URI leaves a parameter out, as another service's may; the
// service's own URIs write every parameter (otp_core/key_uri.py), so these never decide its codes.
const URI_DEFAULTS = Object.freeze({ algorithm: "SHA1", digits: 6, period: 30 });

// Exactly the characters for which Python's str.isspace() is true; JS \s differs (it has
// U+FEFF, lacks U+001C-U+001F and U+0085), and the server decides with isspace().
const SPACE = "\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";
// Hyphen-minus and the dashes an IME produces (demo/rules/normalise.py DASHES).
const DASHES = "\\-\u2010-\u2015\u2212\u30fc\uff70";
const SEPARATORS = new RegExp(`[${SPACE}${DASHES}=]`, "gu");
const ONLY_SPACES = new RegExp(`^[${SPACE}]*$`, "u");

/** Base32 text to bytes (RFC 4648 section 6). Trailing "=" is optional; throws on bad input. */
export function decodeBase32(text) {
  const clean = String(text).replace(/=+$/, "");
  // A final quantum is 2, 4, 5 or 7 characters (section 6), so 1, 3 or 6 left over is invalid.
  if ([1, 3, 6].includes(clean.length % 8)) throw new Error("base32: impossible length");
  const bytes = new Uint8Array(Math.floor((clean.length * 5) / 8));
  let buffer = 0, bits = 0, index = 0;
  for (const character of clean) {
    const value = ALPHABET.indexOf(character);
    if (value < 0) throw new Error(`base32: bad character ${JSON.stringify(character)}`);
    buffer = ((buffer << 5) | value) & 0xffff; // never more than 12 live bits; mask keeps it small
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes[index++] = (buffer >> bits) & 0xff;
    }
  }
  return bytes; // leftover bits (< 8) are padding; like Python's b32decode they are not checked
}

/**
 * A key typed into manual entry: {key} in canonical Base32, or {error} with a reason id.
 * The limits are the server's (the page data's otp): key_input_limit raw characters are read at
 * all, and a key needs key_min_length characters (RFC 4226 section 4, R6: 128 bits).
 */
export function normaliseKey(text, { key_input_limit: inputLimit, key_min_length: minLength }) {
  if (!Number.isInteger(inputLimit) || !Number.isInteger(minLength)) throw new RangeError("key limits missing");
  text = String(text ?? "");
  // Python's len() counts code points, not UTF-16 units; Array.from does the same.
  if (Array.from(text).length > inputLimit) return { error: "error.key.invalid" };
  const folded = text.normalize("NFKC"); // full-width letters and U+3000 from an IME become ASCII
  if (ONLY_SPACES.test(folded)) return { error: "error.text.required" };
  let key = folded.replace(SEPARATORS, "");
  if (!/^[\x00-\x7f]*$/.test(key)) return { error: "error.key.invalid" };
  key = key.toUpperCase();
  const strays = key.replace(/[A-Z2-7]/g, "");
  // 0, 1 and 8 are not in the alphabet but are what people type for O, I and B.
  if (strays) return { error: /^[018]+$/.test(strays) ? "error.key.ambiguous" : "error.key.invalid" };
  if (key.length < minLength) return { error: "error.key.too_short" };
  try {
    decodeBase32(key);
  } catch {
    return { error: "error.key.invalid" };
  }
  return { key };
}

/** HOTP value for a counter (RFC 4226 section 5.3), as a zero-padded string; digits and
 * algorithm (a WebCrypto name) have no default. */
export async function hotp(keyBytes, counter, { digits, algorithm }) {
  if (digits !== 6 && digits !== 8) throw new RangeError("digits must be 6 or 8"); // the Key URI format's
  if (!Object.values(ALGORITHMS).includes(algorithm)) throw new RangeError(`unknown ${algorithm}`);
  const moving = BigInt(counter); // BigInt: counters above 2^32 (and 2^53) stay exact
  if (moving < 0n || moving >= 1n << 64n) throw new RangeError("counter must fit 8 bytes");
  const message = new DataView(new ArrayBuffer(8));
  message.setBigUint64(0, moving, false); // section 5.1: C is 8 bytes, big-endian
  const key = await crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: algorithm },
    false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, message));
  // Dynamic truncation (section 5.3): the low nibble of the last byte picks 4 bytes; the top
  // bit is dropped so the number is the same whether a platform's integers are signed or not.
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = ((mac[offset] & 0x7f) * 2 ** 24) + (mac[offset + 1] << 16) +
    (mac[offset + 2] << 8) + mac[offset + 3];
  return String(binary % 10 ** digits).padStart(digits, "0");
}

/** The time step holding a moment (RFC 6238 section 4.2: T = floor((time - T0) / X), T0 = 0). */
export function stepAt(unixSeconds, step) {
  if (!Number.isInteger(step) || step < 1) throw new RangeError("step must be whole seconds");
  return Math.floor(unixSeconds / step);
}

/** Whole seconds until the next step begins (the whole step right at a boundary, 1 in its last second). */
export function secondsLeft(unixSeconds, step) {
  return Math.ceil((stepAt(unixSeconds, step) + 1) * step - unixSeconds);
}

/** TOTP value at a moment (RFC 6238 section 4): HOTP with the time step as the counter. */
export async function totp(keyBytes, unixSeconds, { step, digits, algorithm }) {
  return hotp(keyBytes, stepAt(unixSeconds, step), { digits, algorithm });
}

/** Read an otpauth://totp/ISSUER:ACCOUNT?secret=... Key URI; throws unless it is one. */
export function parseOtpauthUri(uri) {
  const match = /^otpauth:\/\/totp\/([^?#]*)\?([^#]*)$/i.exec(String(uri));
  if (!match) throw new Error("not an otpauth://totp/ URI");
  // Split on a literal ":" before decoding, so an issuer encoded with %3A stays whole;
  // a label whose only colon is encoded is split after decoding (Key URI format allows both).
  const [raw, query] = [match[1], new URLSearchParams(match[2])];
  const halves = (text) => text.split(/:(.*)/s).slice(0, 2); // at the first colon only
  const parts = raw.includes(":")
    ? halves(raw).map(decodeURIComponent) : halves(decodeURIComponent(raw));
  const [labelIssuer, account] = parts.length === 2 ? parts : [null, parts[0]];
  const secret = (query.get("secret") ?? "").toUpperCase().replace(/=+$/, "");
  if (!secret || decodeBase32(secret).length === 0) throw new Error("otpauth: no secret");
  const algorithm = ALGORITHMS[(query.get("algorithm") ?? URI_DEFAULTS.algorithm).toUpperCase()];
  const digits = Number(query.get("digits") ?? URI_DEFAULTS.digits);
  const period = Number(query.get("period") ?? URI_DEFAULTS.period);
  if (!algorithm) throw new Error("otpauth: unknown algorithm");
  if (digits !== 6 && digits !== 8) throw new Error("otpauth: digits must be 6 or 8");
  if (!Number.isInteger(period) || period < 1) throw new Error("otpauth: bad period");
  const issuer = query.get("issuer") ?? labelIssuer ?? "";
  return { issuer, account: account.trim(), secret, algorithm, digits, period };
}
