import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Socket } from "node:net";
import { smtpMailer } from "./smtp.ts";

/** A minimal SMTP server on a free port that records each message it accepts. */
async function startFakeSmtp() {
  const received: { from: string; to: string[]; data: string }[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    let buffer = "";
    let inData = false;
    let current = { from: "", to: [] as string[], data: "" };
    socket.write("220 fake.smtp ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      while (true) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          current.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push(current);
          current = { from: "", to: [], data: "" };
          socket.write("250 OK queued\r\n");
          continue;
        }
        const lineEnd = buffer.indexOf("\r\n");
        if (lineEnd < 0) return;
        const line = buffer.slice(0, lineEnd);
        buffer = buffer.slice(lineEnd + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") socket.write("250 fake.smtp\r\n");
        else if (verb === "MAIL") {
          current.from = line;
          socket.write("250 OK\r\n");
        } else if (verb === "RCPT") {
          current.to.push(line);
          socket.write("250 OK\r\n");
        } else if (verb === "DATA") {
          inData = true;
          socket.write("354 go ahead\r\n");
        } else if (verb === "QUIT") {
          socket.end("221 bye\r\n");
        } else socket.write("250 OK\r\n");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe("smtpMailer", () => {
  it("delivers through the server named by SMTP_URL", async () => {
    const smtp = await startFakeSmtp();
    try {
      const mailer = smtpMailer(`smtp://127.0.0.1:${smtp.port}`, "MIXERA <no-reply@mixera.example>");
      await mailer.send({ to: "dj@example.com", subject: "Your code: 12345678", text: "code 12345678" });
      assert.equal(smtp.received.length, 1);
      const [mail] = smtp.received;
      assert.match(mail.from, /no-reply@mixera\.example/);
      assert.match(mail.to[0], /dj@example\.com/);
      assert.match(mail.data, /Subject: Your code: 12345678/);
      assert.match(mail.data, /code 12345678/);
    } finally {
      await smtp.close();
    }
  });
});
