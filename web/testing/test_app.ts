/**
 * @module
 * The real portal app on a temporary libSQL file, for integration tests, and a tiny cookie-keeping
 * browser that talks to it through `app.request`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hono } from "hono";
import { type Config, loadConfig } from "../../shared/config/config.ts";
import { createApp } from "../app.ts";
import { manualClock } from "../clock.ts";
import type { AppDeps, AppEnv } from "../context.ts";
import { migrateDb, openDb } from "../db/client.ts";
import { devOutboxMailer, readOutbox } from "../mail/dev_outbox.ts";
import { mailSettled } from "../mail/send_later.ts";
import { fsStorage } from "../storage/fs_storage.ts";
import { settleNativeDatabase } from "./native_database.ts";

export interface TestApp {
  app: Hono<AppEnv>;
  deps: AppDeps;
  clock: ReturnType<typeof manualClock>;
  dir: string;
  /** A new browser with an empty cookie jar, seen by the app as coming from `ip`. */
  browser(ip?: string): TestBrowser;
  /** The newest mail to `to` in the dev outbox. */
  lastMailTo(to: string): Promise<{ subject: string; text: string } | undefined>;
  /** Closes the database, lets the libSQL addon settle, and removes the temp directory. */
  close(): Promise<void>;
}

/** Starts the app on a fresh database in a temp directory; `env` overrides configuration variables. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), "mixera-test-"));
  const config: Config = loadConfig({
    MIXERA_ENV: "development",
    LIBSQL_URL: `file:${join(dir, "test.db")}`,
    DATA_DIR: dir,
    ...env,
  });
  const db = await openDb(config.databaseUrl, undefined, config.databaseEncryptionKey);
  await migrateDb(db);
  const clock = manualClock(new Date());
  const deps: AppDeps = {
    db,
    config,
    clock,
    mailer: devOutboxMailer(db, clock),
    storage: fsStorage(join(dir, "files")),
  };
  const app = createApp(deps);
  return {
    app,
    deps,
    clock,
    dir,
    browser: (ip = "192.0.2.1") => new TestBrowser(app, ip),
    lastMailTo: async (to) => {
      await mailSettled(deps.mailer);
      return (await readOutbox(db, to, 1))[0];
    },
    async close() {
      await mailSettled(deps.mailer);
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
      await settleNativeDatabase();
    },
  };
}

const DEFAULT_PASSWORD = "correct horse battery";

export interface SignUpInput {
  email: string;
  password?: string;
  displayName?: string;
}

/** Keeps cookies between requests and sends same-origin headers on posts, like a browser would. */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  userAgent =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

  constructor(private readonly app: Hono<AppEnv>, readonly ip: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) {
      headers.set("cookie", [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    }
    headers.set("user-agent", this.userAgent);
    const response = await this.app.request(path, { ...init, headers }, { remoteAddr: this.ip });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const [name, value] = pair.split("=");
      const expired = attributes.some((a) => /max-age=0/i.test(a.trim())) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, { headers: { "sec-fetch-site": "same-origin", ...headers } });
  }

  /** Posts an urlencoded form from a same-origin page. */
  post(
    path: string,
    form: Record<string, string> = {},
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return this.request(path, {
      method: "POST",
      body: new URLSearchParams(form),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "sec-fetch-site": "same-origin",
        ...headers,
      },
    });
  }

  /**
   * Signs up and returns the verification code that was mailed. The browser holds only the pending
   * sign-up: it is not signed in until the code is entered on /verify-email.
   */
  async startSignUp(
    testApp: TestApp,
    { email, password = DEFAULT_PASSWORD, displayName = "DJ Test" }: SignUpInput,
  ): Promise<string> {
    const response = await this.post("/signup", { email, password, displayName });
    if (response.status !== 303) throw new Error(`sign-up of ${email} answered ${response.status}`);
    const mail = await testApp.lastMailTo(email.trim().toLowerCase());
    const code = mail?.text.match(/\b(\d{8})\b/)?.[1];
    if (!code) throw new Error(`no verification code mailed to ${email}`);
    return code;
  }

  /** Signs up and enters the mailed code, as a new user does: signed in with a verified address. */
  async signUp(testApp: TestApp, input: SignUpInput): Promise<string> {
    const code = await this.startSignUp(testApp, input);
    const verified = await this.post("/verify-email", { code });
    if (verified.status !== 303) throw new Error(`verifying ${input.email} answered ${verified.status}`);
    return code;
  }

  /**
   * Signs up and then signs in with the password without entering the code: signed in with an
   * unverified address. Returns the code, which still works on /verify-email.
   */
  async signUpUnverified(testApp: TestApp, input: SignUpInput): Promise<string> {
    const code = await this.startSignUp(testApp, input);
    const signedIn = await this.signIn(input.email, input.password);
    if (signedIn.status !== 303) throw new Error(`signing in ${input.email} answered ${signedIn.status}`);
    return code;
  }

  signIn(email: string, password = DEFAULT_PASSWORD): Promise<Response> {
    return this.post("/signin", { email, password });
  }
}
