import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "./config.ts";

describe("loadConfig", () => {
  it("fills the embedded defaults", () => {
    const config = loadConfig({});
    assert.equal(config.port, 8000);
    assert.equal(config.host, "127.0.0.1");
    assert.equal(config.databaseUrl, "file:data/mixera.db");
    assert.equal(config.dataDir, "data");
    assert.equal(config.mode, "production", "safe unless development is asked for");
    assert.equal(config.publicUrl, "http://localhost:8000");
    assert.equal(config.smtpUrl, undefined);
    assert.deepEqual(config.adminEmails, []);
  });

  it("parses every variable", () => {
    const config = loadConfig({
      PORT: "9000",
      HOST: "0.0.0.0",
      LIBSQL_URL: "libsql://db.example.turso.io",
      TURSO_AUTH_TOKEN: "token",
      DATA_DIR: "/var/mixera",
      MIXERA_ENV: "production",
      PUBLIC_URL: "https://portal.mixera.example/",
      SMTP_URL: "smtp://user:pw@mail.example:587",
      ADMIN_EMAILS: " Boss@Example.com , ops@example.com,",
    });
    assert.equal(config.port, 9000);
    assert.equal(config.databaseAuthToken, "token");
    assert.equal(config.mode, "production");
    assert.equal(config.publicUrl, "https://portal.mixera.example");
    assert.deepEqual(config.adminEmails, ["boss@example.com", "ops@example.com"]);
  });

  it("names each wrong variable", () => {
    assert.throws(
      () => loadConfig({ PORT: "eighty", MIXERA_ENV: "staging", LIBSQL_URL: "postgres://x" }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        const names = error.problems.map((p) => p.variable).sort();
        assert.deepEqual(names, ["LIBSQL_URL", "MIXERA_ENV", "PORT"]);
        assert.match(error.message, /PORT/);
        return true;
      },
    );
  });

  it("rejects a bad admin list and a bad SMTP URL", () => {
    assert.throws(() => loadConfig({ ADMIN_EMAILS: "not-an-email" }), /ADMIN_EMAILS/);
    assert.throws(() => loadConfig({ SMTP_URL: "http://mail" }), /SMTP_URL/);
  });

  it("requires a token for a remote database in production", () => {
    assert.throws(
      () => loadConfig({ MIXERA_ENV: "production", LIBSQL_URL: "https://db.example" }),
      /TURSO_AUTH_TOKEN/,
    );
  });

  it("takes a 32-character database encryption key for a file: database only", () => {
    const key = "dGVzdC1vbmx5LWtleS00YjFmMGM5ZTJk";
    assert.equal(loadConfig({ LIBSQL_ENCRYPTION_KEY: key }).databaseEncryptionKey, key);
    assert.equal(loadConfig({}).databaseEncryptionKey, undefined);
    assert.throws(() => loadConfig({ LIBSQL_ENCRYPTION_KEY: "too-short" }), /LIBSQL_ENCRYPTION_KEY: .*32/);
    assert.throws(
      () => loadConfig({ LIBSQL_ENCRYPTION_KEY: `${key}x` }),
      /LIBSQL_ENCRYPTION_KEY/,
      "not silently cut",
    );
    assert.throws(
      () =>
        loadConfig({ LIBSQL_ENCRYPTION_KEY: key, LIBSQL_URL: "libsql://db.example", TURSO_AUTH_TOKEN: "t" }),
      /LIBSQL_ENCRYPTION_KEY: applies to a file:/,
    );
  });

  it("reads the status check interval and where checks reach each service", () => {
    const config = loadConfig({
      STATUS_CHECK_INTERVAL_SECONDS: "0",
      STATUS_TARGETS: "device=https://api.example/, oauth.userinfo=http://127.0.0.1:9000",
    });
    assert.equal(config.statusCheckIntervalSeconds, 0);
    assert.deepEqual(config.statusTargets, {
      device: "https://api.example",
      "oauth.userinfo": "http://127.0.0.1:9000",
    });
    assert.equal(loadConfig({}).statusCheckIntervalSeconds, 60);
    assert.throws(() => loadConfig({ STATUS_TARGETS: "device=ftp://x" }), /STATUS_TARGETS/);
    assert.throws(() => loadConfig({ STATUS_CHECK_INTERVAL_SECONDS: "-1" }), /STATUS_CHECK_INTERVAL_SECONDS/);
  });

  it("offers an external storage provider only with both credentials and a sealing key", () => {
    const key = "A".repeat(43);
    const config = loadConfig({
      DROPBOX_CLIENT_ID: "id",
      DROPBOX_CLIENT_SECRET: "secret",
      EXTERNAL_STORAGE_KEY: key,
    });
    assert.deepEqual(config.externalStorage.dropbox, { clientId: "id", clientSecret: "secret" });
    assert.equal(config.externalStorage.googleDrive, undefined);
    assert.throws(
      () => loadConfig({ GOOGLE_DRIVE_CLIENT_ID: "id", EXTERNAL_STORAGE_KEY: key }),
      /GOOGLE_DRIVE_CLIENT_SECRET/,
    );
    assert.throws(
      () => loadConfig({ DROPBOX_CLIENT_ID: "id", DROPBOX_CLIENT_SECRET: "s" }),
      /EXTERNAL_STORAGE_KEY/,
    );
    assert.throws(() => loadConfig({ EXTERNAL_STORAGE_KEY: "short" }), /EXTERNAL_STORAGE_KEY/);
    assert.throws(
      () => loadConfig({ EXTERNAL_STORAGE_STANDIN_URL: "http://127.0.0.1:9400" }),
      /EXTERNAL_STORAGE_STANDIN_URL: is for development and tests only/,
    );
  });

  it("configures S3 storage only with endpoint, bucket and both keys", () => {
    assert.equal(loadConfig({}).s3, undefined);
    assert.deepEqual(
      loadConfig({
        S3_ENDPOINT: "http://127.0.0.1:9000",
        S3_BUCKET: "tracks",
        S3_ACCESS_KEY_ID: "id",
        S3_SECRET_ACCESS_KEY: "secret",
      }).s3,
      {
        endpoint: "http://127.0.0.1:9000",
        bucket: "tracks",
        accessKeyId: "id",
        secretAccessKey: "secret",
        region: "us-east-1",
      },
    );
    assert.throws(
      () => loadConfig({ S3_ENDPOINT: "http://127.0.0.1:9000", S3_BUCKET: "b" }),
      /S3_ACCESS_KEY_ID[\s\S]*S3_SECRET_ACCESS_KEY/,
    );
  });

  it("reads the firmware signing seeds (first one signs) and the upload limit", () => {
    const [a, b] = ["A".repeat(43), "b".repeat(42) + "-"];
    const config = loadConfig({ FIRMWARE_SIGNING_KEYS: ` ${a}, ${b} `, FIRMWARE_MAX_UPLOAD_BYTES: "1000" });
    assert.deepEqual(config.firmware, { signingKeys: [a, b], maxUploadBytes: 1000 });
    assert.deepEqual(loadConfig({}).firmware, { signingKeys: [], maxUploadBytes: 256 * 1024 * 1024 });
    for (
      const env of [
        { FIRMWARE_SIGNING_KEYS: "short" },
        { FIRMWARE_SIGNING_KEYS: [a, a, a, a, a].join(",") },
        { FIRMWARE_MAX_UPLOAD_BYTES: String(600 * 1024 * 1024) },
      ]
    ) {
      assert.throws(() => loadConfig(env), (error) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.problems[0].variable, Object.keys(env)[0]);
        return true;
      });
    }
  });

  it("configures MIXEY's language model only with an http(s) URL", () => {
    assert.equal(loadConfig({}).mixeyModel, undefined);
    assert.deepEqual(
      loadConfig({ MIXEY_LLM_URL: "https://api.example/v1/", MIXEY_LLM_KEY: "k" }).mixeyModel,
      {
        url: "https://api.example/v1",
        key: "k",
        model: "gpt-4o-mini",
      },
    );
    assert.equal(
      loadConfig({ MIXEY_LLM_URL: "http://127.0.0.1:9500/v1", MIXEY_LLM_MODEL: "m" }).mixeyModel?.model,
      "m",
    );
    assert.throws(() => loadConfig({ MIXEY_LLM_URL: "ftp://api.example" }), /MIXEY_LLM_URL/);
  });
});
