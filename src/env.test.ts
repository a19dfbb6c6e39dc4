import { describe, expect, it } from "vitest";
import { EnvError, isProduction, loadEnv } from "./env.js";

const SECRET = "s".repeat(32);
/** A key ring of two keys (32 bytes each, base64). */
const KEY_A = Buffer.alloc(32, 1).toString("base64");
const KEY_B = Buffer.alloc(32, 2).toString("base64");
const KEYS = `k1:${KEY_A},k2:${KEY_B}`;

/** The EnvError that loading `source` throws (fails the test when it does not throw one). */
function envError(source: Record<string, string | undefined>) {
  try {
    loadEnv(source);
  } catch (err) {
    expect(err).toBeInstanceOf(EnvError);
    return (err as EnvError).message;
  }
  throw new Error(`loadEnv accepted ${JSON.stringify(source)}`);
}

describe("loadEnv", () => {
  it("uses defaults for everything that is not set", () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      NODE_ENV: "development",
      PORT: 3000,
      HOST: "127.0.0.1",
      BASE_URL: "http://localhost:3000",
      DATA_DIR: "./data",
      SESSION_IDLE_STAFF_MINUTES: 60,
      SESSION_IDLE_BOARD_MINUTES: 720,
      TRUST_PROXY: false,
      LOG_LEVEL: "info",
      DEMO_CONTENT: "auto",
      JOBS_POLL_MS: 1000,
      ACADEMIC_YEAR_START: "09-01",
      TIME_ZONE: "Europe/Amsterdam",
      OFFICE_LANG: "nl",
      BRAND_COLOR: "#001158",
      SIGNIN_LIMIT_PER_ADDRESS: 5,
      SIGNIN_LIMIT_PER_IP: 30,
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SMTP_URL).toBeUndefined();
    // An unset BASE_URL follows the port; a set one wins.
    expect(loadEnv({ PORT: "4000" }).BASE_URL).toBe("http://localhost:4000");
    expect(loadEnv({ PORT: "4000", BASE_URL: "https://vangnet.example.org" }).BASE_URL).toBe("https://vangnet.example.org");
    // Outside production a fixed development secret fills in, long enough for the session code.
    expect(env.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(isProduction(env)).toBe(false);
  });

  it("reads and coerces the values it is given", () => {
    const env = loadEnv({
      PORT: "8080",
      TRUST_PROXY: "1",
      BRAND_COLOR: "#AbCdEf",
      ACADEMIC_YEAR_START: "08-15",
      SESSION_SECRET: SECRET,
      SMTP_URL: "smtp://mail.example.org:25",
      DATABASE_URL: "",
      OFFICE_LANG: "en",
    });
    expect(env.PORT).toBe(8080);
    expect(env.TRUST_PROXY).toBe(true);
    expect(env.BRAND_COLOR).toBe("#AbCdEf");
    expect(env.ACADEMIC_YEAR_START).toBe("08-15");
    expect(env.SESSION_SECRET).toBe(SECRET);
    expect(env.SMTP_URL).toBe("smtp://mail.example.org:25");
    // An empty value counts as not set.
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.OFFICE_LANG).toBe("en");
    expect(loadEnv({ TRUST_PROXY: "false" }).TRUST_PROXY).toBe(false);
    expect(loadEnv({ TRUST_PROXY: "" }).TRUST_PROXY).toBe(false);
  });

  it.each([
    ["PORT", "abc"],
    ["PORT", "0"],
    ["PORT", "70000"],
    ["PORT", "80.5"],
    ["BRAND_COLOR", "red"],
    ["BRAND_COLOR", "#12345"],
    ["ACCENT_COLOR", "#12345g"],
    ["ACADEMIC_YEAR_START", "13-01"],
    ["ACADEMIC_YEAR_START", "09-32"],
    ["ACADEMIC_YEAR_START", "9-1"],
    ["BASE_URL", "not a url"],
    ["OFFICE_EMAIL", "office"],
    ["NODE_ENV", "staging"],
    ["LOG_LEVEL", "verbose"],
    ["TRUST_PROXY", "yes"],
    ["SESSION_SECRET", "too-short"],
    ["JOBS_POLL_MS", "-5"],
    ["OFFICE_LANG", "de"],
  ])("rejects %s=%s and names the variable", (name, value) => {
    const message = envError({ [name]: value });
    expect(message).toMatch(/^Invalid environment:/);
    expect(message).toContain(`  ${name}: `);
  });

  it("names every bad variable at once", () => {
    const message = envError({ PORT: "abc", BRAND_COLOR: "red", ACADEMIC_YEAR_START: "13-01" });
    for (const name of ["PORT", "BRAND_COLOR", "ACADEMIC_YEAR_START"]) expect(message).toContain(`  ${name}: `);
    expect(message).toContain("use MM-DD");
    expect(message).not.toContain("HOST");
  });

  it("requires a session secret in production", () => {
    const message = envError({ NODE_ENV: "production", BASE_URL: "https://vangnet.example.org" });
    expect(message).toContain("SESSION_SECRET");
    expect(message).not.toContain("BASE_URL");
  });

  it("requires an https BASE_URL in production", () => {
    expect(envError({ NODE_ENV: "production", SESSION_SECRET: SECRET })).toContain("BASE_URL");
    expect(envError({ NODE_ENV: "production", SESSION_SECRET: SECRET, BASE_URL: "http://vangnet.example.org" })).toContain("BASE_URL");
  });

  it("requires the confidential contact's key in production, and checks the keys wherever they are given", () => {
    const production = { NODE_ENV: "production", SESSION_SECRET: SECRET, BASE_URL: "https://vangnet.example.org" };
    expect(envError(production)).toContain("CONTACT_KEYS: required in production");
    expect(loadEnv({ ...production, CONTACT_KEYS: KEYS }).CONTACT_KEYS).toBe(KEYS);
    // Outside production no key is needed (a development key fills in, see confidential-contact/crypto.ts).
    expect(loadEnv({}).CONTACT_KEYS).toBeUndefined();
    expect(envError({ CONTACT_KEYS: "k1:short" })).toContain("key k1 is not 32 bytes");
    expect(envError({ CONTACT_KEYS: KEY_A })).toContain("CONTACT_KEYS: each key is id:");
    expect(envError({ CONTACT_KEYS: `k1:${KEY_A},k1:${KEY_B}` })).toContain("given twice");
    expect(envError({ CONTACT_KEYS: KEYS, CONTACT_KEY_ID: "k3" })).toContain("CONTACT_KEY_ID k3 is not one of CONTACT_KEYS");
    expect(envError({ CONTACT_KEY_ID: "k1" })).toContain("CONTACT_KEY_ID: set without CONTACT_KEYS");
    // The message never repeats a key.
    expect(envError({ CONTACT_KEYS: `k1:${KEY_A},k2:short` })).not.toContain(KEY_A);
    expect(loadEnv({ CONTACT_KEYS: KEYS, CONTACT_KEY_ID: "k2" }).CONTACT_KEY_ID).toBe("k2");
    expect(loadEnv({}).CONTACT_RETENTION_DAYS).toBe(90);
  });

  it("accepts a complete production configuration", () => {
    const env = loadEnv({ NODE_ENV: "production", SESSION_SECRET: SECRET, BASE_URL: "https://vangnet.example.org", CONTACT_KEYS: KEYS });
    expect(isProduction(env)).toBe(true);
    expect(env.SESSION_SECRET).toBe(SECRET);
    expect(env.BASE_URL).toBe("https://vangnet.example.org");
  });

  it("does not need a secret or https outside production", () => {
    for (const NODE_ENV of ["development", "test"]) {
      const env = loadEnv({ NODE_ENV, BASE_URL: "http://localhost:4000" });
      expect(env.BASE_URL).toBe("http://localhost:4000");
      expect(env.SESSION_SECRET).not.toBe("");
    }
  });
});
