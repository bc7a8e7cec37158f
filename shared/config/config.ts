/**
 * @module
 * The portal's configuration: environment variables parsed by one zod schema into a typed object.
 * Runtime-agnostic: callers pass the environment as a plain record (`Deno.env.toObject()`, `process.env`).
 */
import { z } from "zod";

const MODES = ["development", "production", "test"] as const;
export type Mode = (typeof MODES)[number];

const emailList = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(",")
      .map((email) => email.trim().toLowerCase())
      .filter((email) => email.length > 0)
  )
  .pipe(z.array(z.email({ error: "must be a comma-separated list of email addresses" })));

const databaseUrl = z
  .string()
  .default("file:data/mixera.db")
  .refine((url) => /^(file:|libsql:\/\/|https?:\/\/)/.test(url), {
    error: "must start with file:, libsql:// or https://",
  });

/** `oauth.userinfo=https://id.example,device=https://api.example`: where a check or a service is reached. */
const statusTargets = z
  .string()
  .default("")
  .transform((value, context) => {
    const targets: Record<string, string> = {};
    for (const entry of value.split(",").map((part) => part.trim()).filter(Boolean)) {
      const match = /^([a-z][a-z0-9_.-]{0,63})=(https?:\/\/\S+)$/.exec(entry);
      if (!match || !URL.canParse(match[2])) {
        context.addIssue({
          code: "custom",
          message: `expected name=http(s)://host entries, got ${entry.slice(0, 80)}`,
        });
        return z.NEVER;
      }
      targets[match[1]] = match[2].replace(/\/+$/, "");
    }
    return targets;
  });

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  HOST: z.string().min(1).default("127.0.0.1"),
  LIBSQL_URL: databaseUrl,
  TURSO_AUTH_TOKEN: z.string().optional(),
  // libSQL takes the first 32 bytes of its key as they are, so the key is exactly 32 characters:
  // base64 of 24 random bytes, 192 bits, and no character that would be silently ignored.
  LIBSQL_ENCRYPTION_KEY: z.string().regex(/^[A-Za-z0-9+/_-]{32}$/, {
    error: "must be exactly 32 base64 characters, e.g. from `openssl rand -base64 24`",
  }).optional(),
  DATA_DIR: z.string().min(1).default("data"),
  // Production unless told otherwise: development mode publishes every mail at /dev/mailbox.
  MIXERA_ENV: z.enum(MODES).default("production"),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://mixera.example" })
    .optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional(),
  ADMIN_EMAILS: emailList,
  STATUS_CHECK_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  STATUS_TARGETS: statusTargets,
  // External storage (MIXERA Infinity): a provider is offered only when its client id and secret are set.
  GOOGLE_DRIVE_CLIENT_ID: z.string().max(500).optional(),
  GOOGLE_DRIVE_CLIENT_SECRET: z.string().max(500).optional(),
  DROPBOX_CLIENT_ID: z.string().max(500).optional(),
  DROPBOX_CLIENT_SECRET: z.string().max(500).optional(),
  EXTERNAL_STORAGE_KEY: z.string().regex(/^[A-Za-z0-9_-]{43}$/, {
    error:
      "must be 32 random bytes in base64url (43 characters), e.g. from `openssl rand -base64 32 | tr '+/' '-_' | tr -d =`",
  }).optional(),
  EXTERNAL_STORAGE_STANDIN_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  S3_ENDPOINT: z.url({
    protocol: /^https?$/,
    error: "must be an http(s) URL such as https://s3.eu-central-1.amazonaws.com",
  })
    .optional(),
  S3_BUCKET: z.string().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_REGION: z.string().default("us-east-1"),
  // Firmware releases: base64url 32-byte Ed25519 seeds, comma-separated; the first signs manifests.
  FIRMWARE_SIGNING_KEYS: z.string().default("").transform((value) =>
    value.split(",").map((part) => part.trim()).filter((part) => part.length > 0)
  ).pipe(
    z.array(
      z.string().regex(/^[A-Za-z0-9_-]{43}$/, {
        error:
          "must be base64url Ed25519 seeds (43 characters each), comma-separated; `deno task firmware:keygen` makes one",
      }),
    ).max(4, { error: "at most four keys" }),
  ),
  FIRMWARE_MAX_UPLOAD_BYTES: z.coerce.number().int().min(1).max(512 * 1024 * 1024).default(256 * 1024 * 1024),
  // MIXEY phrases its answers with an OpenAI-compatible chat endpoint when one is set.
  MIXEY_LLM_URL: z.url({
    protocol: /^https?$/,
    error: "must be an http(s) URL such as https://api.example/v1",
  })
    .optional(),
  MIXEY_LLM_KEY: z.string().max(500).optional(),
  MIXEY_LLM_MODEL: z.string().min(1).max(200).default("gpt-4o-mini"),
});

/** Client credentials of one external storage provider. */
export interface ProviderCredentials {
  clientId: string;
  clientSecret: string;
}

/** Google Drive / Dropbox linking; each provider is undefined unless both its credentials are set. */
export interface ExternalStorageConfig {
  googleDrive: ProviderCredentials | undefined;
  dropbox: ProviderCredentials | undefined;
  /** Key (base64url, 32 bytes) that seals the providers' tokens at rest. */
  tokenKey: string | undefined;
  /** Development and tests only: every provider endpoint is served by this local stand-in instead. */
  standinUrl: string | undefined;
}

/** The typed configuration every part of the portal receives. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  databaseAuthToken: string | undefined;
  /** Encrypts a `file:` database at rest (libSQL, AES-256); undefined leaves it unencrypted. */
  databaseEncryptionKey: string | undefined;
  dataDir: string;
  mode: Mode;
  /** Origin the portal is reached at (no trailing slash); also the OAuth issuer. */
  publicUrl: string;
  smtpUrl: string | undefined;
  adminEmails: string[];
  /** How often the OCP API Status checks run, in seconds; 0 runs them only on demand. */
  statusCheckIntervalSeconds: number;
  /** Base URL per status check id or service name, for services not served at `publicUrl`. */
  statusTargets: Record<string, string>;
  externalStorage: ExternalStorageConfig;
  /** Object storage on S3 when S3_ENDPOINT is set; files stay under DATA_DIR otherwise. */
  s3: S3Config | undefined;
  firmware: FirmwareConfig;
  /** MIXEY's optional language model; without it MIXEY answers from its own templates. */
  mixeyModel: MixeyModelConfig | undefined;
}

export interface FirmwareConfig {
  /**
   * Ed25519 seeds (base64url); the first signs manifests, the others are still listed as trusted while
   * a key is rotated. Empty: development and tests generate one under DATA_DIR; production signs nothing.
   */
  signingKeys: string[];
  /** Largest controller build an admin may upload. */
  maxUploadBytes: number;
}

/** An OpenAI-compatible chat completions endpoint (`<url>/chat/completions`). */
export interface MixeyModelConfig {
  url: string;
  key: string | undefined;
  model: string;
}

export interface S3Config {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

const S3_REQUIRED = ["S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const;

/** Thrown when a variable is invalid; the message names every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * Parses the environment into a {@link Config}. Empty strings count as unset.
 *
 * @example
 * ```ts
 * const config = loadConfig({ PORT: "8080" }); // config.publicUrl === "http://localhost:8080"
 * ```
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({ variable: String(issue.path[0]), message: issue.message })),
    );
  }
  const vars = parsed.data;
  if (
    /^(libsql|https?):/.test(vars.LIBSQL_URL) && !vars.TURSO_AUTH_TOKEN && vars.MIXERA_ENV === "production"
  ) {
    throw new ConfigError([{
      variable: "TURSO_AUTH_TOKEN",
      message: "is required in production when LIBSQL_URL points to a remote database",
    }]);
  }
  if (vars.LIBSQL_ENCRYPTION_KEY && !vars.LIBSQL_URL.startsWith("file:")) {
    throw new ConfigError([{
      variable: "LIBSQL_ENCRYPTION_KEY",
      message: "applies to a file: LIBSQL_URL only (a remote database is encrypted by its host)",
    }]);
  }
  const problems = externalStorageProblems(vars);
  if (problems.length) throw new ConfigError(problems);
  const credentials = (clientId?: string, clientSecret?: string) =>
    clientId && clientSecret ? { clientId, clientSecret } : undefined;
  if (vars.S3_ENDPOINT) {
    const missing = S3_REQUIRED.filter((name) => !vars[name]);
    if (missing.length > 0) {
      throw new ConfigError(
        missing.map((variable) => ({ variable, message: "is required when S3_ENDPOINT is set" })),
      );
    }
  }
  return {
    port: vars.PORT,
    host: vars.HOST,
    databaseUrl: vars.LIBSQL_URL,
    databaseAuthToken: vars.TURSO_AUTH_TOKEN,
    databaseEncryptionKey: vars.LIBSQL_ENCRYPTION_KEY,
    dataDir: vars.DATA_DIR,
    mode: vars.MIXERA_ENV,
    publicUrl: (vars.PUBLIC_URL ?? `http://localhost:${vars.PORT}`).replace(/\/+$/, ""),
    smtpUrl: vars.SMTP_URL,
    adminEmails: vars.ADMIN_EMAILS,
    statusCheckIntervalSeconds: vars.STATUS_CHECK_INTERVAL_SECONDS,
    statusTargets: vars.STATUS_TARGETS,
    externalStorage: {
      googleDrive: credentials(vars.GOOGLE_DRIVE_CLIENT_ID, vars.GOOGLE_DRIVE_CLIENT_SECRET),
      dropbox: credentials(vars.DROPBOX_CLIENT_ID, vars.DROPBOX_CLIENT_SECRET),
      tokenKey: vars.EXTERNAL_STORAGE_KEY,
      standinUrl: vars.EXTERNAL_STORAGE_STANDIN_URL?.replace(/\/+$/, ""),
    },
    s3: vars.S3_ENDPOINT
      ? {
        endpoint: vars.S3_ENDPOINT,
        bucket: vars.S3_BUCKET!,
        accessKeyId: vars.S3_ACCESS_KEY_ID!,
        secretAccessKey: vars.S3_SECRET_ACCESS_KEY!,
        region: vars.S3_REGION,
      }
      : undefined,
    firmware: { signingKeys: vars.FIRMWARE_SIGNING_KEYS, maxUploadBytes: vars.FIRMWARE_MAX_UPLOAD_BYTES },
    mixeyModel: vars.MIXEY_LLM_URL
      ? { url: vars.MIXEY_LLM_URL.replace(/\/+$/, ""), key: vars.MIXEY_LLM_KEY, model: vars.MIXEY_LLM_MODEL }
      : undefined,
  };
}

/** Half-set credentials, provider tokens without a key to seal them, or a stand-in in production. */
function externalStorageProblems(vars: z.output<typeof envSchema>): { variable: string; message: string }[] {
  const problems: { variable: string; message: string }[] = [];
  for (
    const [id, secret] of [["GOOGLE_DRIVE_CLIENT_ID", "GOOGLE_DRIVE_CLIENT_SECRET"], [
      "DROPBOX_CLIENT_ID",
      "DROPBOX_CLIENT_SECRET",
    ]] as const
  ) {
    if (Boolean(vars[id]) !== Boolean(vars[secret])) {
      problems.push({
        variable: vars[id] ? secret : id,
        message: `is required together with ${vars[id] ? id : secret}`,
      });
    } else if (vars[id] && !vars.EXTERNAL_STORAGE_KEY) {
      problems.push({
        variable: "EXTERNAL_STORAGE_KEY",
        message: `is required when ${id} is set (it seals the provider's tokens)`,
      });
    }
  }
  if (vars.EXTERNAL_STORAGE_STANDIN_URL && vars.MIXERA_ENV === "production") {
    problems.push({ variable: "EXTERNAL_STORAGE_STANDIN_URL", message: "is for development and tests only" });
  }
  return problems.filter((problem, index) =>
    problems.findIndex((p) => p.variable === problem.variable) === index
  );
}
