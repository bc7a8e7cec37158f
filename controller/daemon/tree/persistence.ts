/**
 * @module
 * Keeps writable values across restarts. Changes only mark the state dirty; one timer writes a
 * snapshot off the hot path (write to a temp file, then rename), and close/SIGTERM/SIGINT flush
 * synchronously so no acknowledged change is lost.
 *
 * The background write serialises the tree a slice at a time, handing each slice to the file before
 * the next is built: building an 11k-property snapshot in one go held the event loop for 2–12 ms every
 * 250 ms while values changed, and every set → notification that arrived meanwhile waited for it. A
 * value that changes while a write is under way marks the state dirty again, so the next write,
 * at most 250 ms later, has it.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { open, rename } from "node:fs/promises";
import type { Logger } from "../../log/logger.ts";
import type { Property } from "./property.ts";
import type { StateTree } from "./state_tree.ts";

const FORMAT_VERSION = 1;
/** A state file is a few hundred KB at most; refuse to parse anything absurd. */
const MAX_STATE_FILE_BYTES = 32 * 1024 * 1024;

/** Tapered companions are derived from their dB control; saving both would let them disagree. */
/** Properties serialised per slice of a background write (~0.1 ms of work each). */
const SLICE_PROPERTIES = 1000;

const isPersisted = (property: Property) => !property.readonly && !property.dbCompanion && !property.aliasOf;

/**
 * The state document (`{"version":1,"values":{path:value,…}}`) in pieces of up to
 * {@link SLICE_PROPERTIES} values, each built only when asked for; joined, they are the JSON.
 */
export function* snapshotPieces(tree: StateTree): Generator<string> {
  yield `{"version":${FORMAT_VERSION},"values":{`;
  let piece = "";
  let count = 0;
  for (const property of tree.properties()) {
    if (!isPersisted(property)) continue;
    piece += `${count === 0 ? "" : ","}${JSON.stringify(property.path)}:${JSON.stringify(property.value)}`;
    if (++count % SLICE_PROPERTIES === 0) {
      yield piece;
      piece = "";
    }
  }
  yield `${piece}}}`;
}

export interface PersistenceOptions {
  /** How long changes may gather before a write (default 250 ms). */
  delayMs?: number;
  /** Flush on SIGTERM/SIGINT (default true). */
  handleSignals?: boolean;
}

export class StatePersistence {
  #dirty = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #writing: Promise<void> | null = null;
  /** Bumped by every synchronous flush so an older async write in flight never renames over it. */
  #generation = 0;
  #detach: (() => void) | null = null;
  #signalHandlers: [NodeJS.Signals, () => void][] = [];
  readonly #delayMs: number;

  constructor(
    private readonly tree: StateTree,
    private readonly file: string,
    private readonly logger: Logger,
    private readonly options: PersistenceOptions = {},
  ) {
    this.#delayMs = options.delayMs ?? 250;
  }

  /** Applies saved values (through the normal coercion) and starts watching for changes. */
  start(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    this.#load();
    this.#detach = this.tree.observe(this.tree.root, {
      onChange: (change) => {
        if (isPersisted(change.property)) this.#markDirty();
      },
    });
    if (this.options.handleSignals !== false) this.#installSignalFlush();
  }

  #load(): void {
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        this.logger.warn("daemon", "state file unreadable, starting from defaults", {
          file: this.file,
          error: String(error),
        });
      }
      return;
    }
    try {
      if (text.length > MAX_STATE_FILE_BYTES) throw new Error("state file too large");
      const saved = JSON.parse(text) as { version?: unknown; values?: unknown };
      if (saved.version !== FORMAT_VERSION || typeof saved.values !== "object" || !saved.values) {
        throw new Error("unknown state file format");
      }
      let applied = 0;
      for (const [path, value] of Object.entries(saved.values)) {
        const property = this.tree.property(path);
        if (property && isPersisted(property) && this.tree.set(property, value).ok) applied++;
      }
      this.logger.info("daemon", "state restored", { file: this.file, values: applied });
    } catch (error) {
      this.logger.warn("daemon", "state file ignored", { file: this.file, error: String(error) });
    }
  }

  #snapshot(): string {
    return [...snapshotPieces(this.tree)].join("");
  }

  /** Writes the snapshot to `file` a slice at a time, yielding to the event loop between slices. */
  async #writeInSlices(file: string): Promise<void> {
    const handle = await open(file, "w");
    try {
      for (const piece of snapshotPieces(this.tree)) await handle.write(piece);
    } finally {
      await handle.close();
    }
  }

  #markDirty(): void {
    this.#dirty = true;
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      void this.flush();
    }, this.#delayMs);
  }

  /** Writes the current state if anything changed since the last write. */
  async flush(): Promise<void> {
    await this.#writing;
    if (!this.#dirty) return;
    this.#dirty = false;
    const temp = `${this.file}.tmp`;
    const generation = this.#generation;
    this.#writing = this.#writeInSlices(temp)
      .then(() => generation === this.#generation ? rename(temp, this.file) : undefined)
      .catch((error) => {
        this.#dirty = true;
        this.logger.error("daemon", "state write failed", { file: this.file, error: String(error) });
      })
      .finally(() => {
        this.#writing = null;
      });
    await this.#writing;
  }

  /** Writes synchronously; for shutdown paths where the event loop may not run again. */
  flushSync(): void {
    // A write still in flight may never finish once the process exits: write again to be sure.
    if (!this.#dirty && !this.#writing) return;
    this.#dirty = false;
    this.#generation++;
    const temp = `${this.file}.sync.tmp`;
    writeFileSync(temp, this.#snapshot());
    renameSync(temp, this.file);
  }

  #installSignalFlush(): void {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const handler = () => {
        this.flushSync();
        // If nobody else handles the signal, let it take its default course (terminate).
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      };
      process.once(signal, handler);
      this.#signalHandlers.push([signal, handler]);
    }
  }

  /** Stops watching, cancels the timer and writes what is pending. */
  close(): void {
    this.#detach?.();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    for (const [signal, handler] of this.#signalHandlers) process.off(signal, handler);
    this.#signalHandlers = [];
    this.flushSync();
  }
}
