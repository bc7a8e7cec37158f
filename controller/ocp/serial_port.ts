/**
 * @module
 * Serial transport (USB CDC / UART device paths such as `/dev/ttyACM0`). The tty is switched to raw
 * mode with `stty`, read as a stream and written through a file sink, so no native addon is needed.
 */
import type { LinkTransport } from "./link.ts";

export interface SerialPortOptions {
  path: string;
  baud: number;
  onData: (chunk: Uint8Array) => void;
  onClose: (reason: string) => void;
  maxPendingBytes?: number;
}

export interface OpenSerialPort {
  transport: LinkTransport;
}

async function setRawMode(path: string, baud: number): Promise<void> {
  const stty = Bun.spawn(["stty", "-F", path, "raw", "-echo", String(baud)], {
    stdout: "ignore",
    stderr: "pipe",
  });
  if ((await stty.exited) !== 0) {
    const message = (await new Response(stty.stderr).text()).trim();
    throw new Error(`cannot configure ${path}: ${message || `stty exited with ${stty.exitCode}`}`);
  }
}

export async function openSerialPort(options: SerialPortOptions): Promise<OpenSerialPort> {
  const { path } = options;
  await setRawMode(path, options.baud);
  const reader = Bun.file(path).stream().getReader();
  const writer = Bun.file(path).writer();
  const maxPending = options.maxPendingBytes ?? 1024 * 1024;
  let pending = 0;
  let closed = false;

  const finish = (reason: string) => {
    if (closed) return;
    closed = true;
    reader.cancel().catch(() => {});
    Promise.resolve().then(() => writer.end()).catch(() => {});
    options.onClose(reason);
  };

  (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return finish("serial port closed");
        if (value.length > 0) options.onData(value);
      }
    } catch (error) {
      finish(`serial read failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  })();

  const transport: LinkTransport = {
    description: `serial ${path}`,
    write(bytes) {
      if (closed) return true;
      try {
        writer.write(bytes);
        pending += bytes.length;
        Promise.resolve(writer.flush()).then(
          () => (pending = 0),
          (error) => finish(`serial write failed: ${error}`),
        );
      } catch (error) {
        queueMicrotask(() =>
          finish(`serial write failed: ${error instanceof Error ? error.message : String(error)}`)
        );
      }
      return pending <= maxPending;
    },
    close() {
      finish("closed");
    },
  };
  return { transport };
}
