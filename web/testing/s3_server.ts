/**
 * @module
 * A real S3-compatible server for tests: the `s3rver` npm package started as a child process on a free
 * loopback port, with one bucket, data in a temp directory. It checks SigV4 signatures against its
 * built-in credentials (`S3RVER` / `S3RVER`).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { S3Settings } from "../storage/s3_storage.ts";

export interface TestS3Server {
  settings: S3Settings;
  /** Every key stored in the bucket (objects only, not in-progress multipart uploads). */
  listKeys(): Promise<string[]>;
  stop(): Promise<void>;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

export async function startS3Server(bucket = "mixera-test"): Promise<TestS3Server> {
  const dir = mkdtempSync(join(tmpdir(), "mixera-s3rver-"));
  const port = freePort();
  const child = new Deno.Command("node", {
    args: [
      new URL("../../node_modules/s3rver/bin/s3rver.js", import.meta.url).pathname,
      "-d",
      dir,
      "-a",
      "127.0.0.1",
      "-p",
      String(port),
      "--silent",
      "--no-vhost-buckets",
      "--configure-bucket",
      bucket,
    ],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const endpoint = `http://127.0.0.1:${port}`;
  const settings: S3Settings = {
    endpoint,
    bucket,
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    region: "us-east-1",
  };
  const { s3Storage } = await import("../storage/s3_storage.ts");
  const storage = s3Storage(settings);
  const started = Date.now();
  while (true) {
    try {
      await storage.size("probe");
      break;
    } catch (error) {
      if (Date.now() - started > 15_000) {
        child.kill();
        throw new Error(`s3rver did not start on ${endpoint}: ${error}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const { AwsClient } = await import("aws4fetch");
  const client = new AwsClient({
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    region: "us-east-1",
    service: "s3",
  });
  return {
    settings,
    async listKeys() {
      const response = await client.fetch(`${endpoint}/${bucket}?list-type=2`);
      const text = await response.text();
      return [...text.matchAll(/<Key>([^<]+)<\/Key>/g)].map((match) => match[1]).sort();
    },
    async stop() {
      child.kill();
      await child.stderr.cancel();
      await child.status;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
