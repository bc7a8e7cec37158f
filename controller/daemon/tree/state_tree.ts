/**
 * @module
 * The mixer's single source of truth: nodes and properties behind a flat path index, with coercion on
 * every write, dB/tapered companions kept in sync, and change observers (protocol subscribers, the
 * engine, persistence) attached to the node or property they care about.
 */
import { coerceValue } from "./coerce.ts";
import { normalisePath, splitLast } from "./path.ts";
import { dbToTapered, TAPERED_SUFFIX, taperedToDb } from "./taper.ts";
import {
  type ChangeObserver,
  Property,
  PropertyChange,
  type PropertySpec,
  type PropertyType,
  TreeNode,
} from "./property.ts";

/** What a protocol path points at. */
export type Resolved =
  | { kind: "node"; node: TreeNode }
  | { kind: "property"; property: Property }
  | { kind: "value"; property: Property }
  | { kind: "values"; property: Property };

export type SetOutcome = { ok: true; value: unknown; changed: boolean } | { ok: false; error: string };

/** How a node is rendered for `get`. */
export interface NodeRenderOptions {
  recursive: boolean;
  /** propfilter: the property fields to keep (`value`, `type`, …); null keeps all. */
  fields: ReadonlySet<string> | null;
  /** flatvalue=1: each property rendered as its bare value. */
  flat: boolean;
}

function zeroOf(type: PropertyType): unknown {
  if (type === "bool") return false;
  if (type === "string" || type === "pointer") return "";
  return 0;
}

export class StateTree {
  readonly root = new TreeNode("/", "", null);
  #nodes = new Map<string, TreeNode>([["/", this.root]]);
  #properties = new Map<string, Property>();
  #seq = 0;
  #reportListenerError: (error: unknown) => void;

  constructor(options: { onListenerError?: (error: unknown) => void } = {}) {
    this.#reportListenerError = options.onListenerError ?? ((error) => console.error(error));
  }

  get propertyCount(): number {
    return this.#properties.size;
  }
  get nodeCount(): number {
    return this.#nodes.size;
  }
  properties(): IterableIterator<Property> {
    return this.#properties.values();
  }

  /** Creates (or returns) the node at `path` with every missing ancestor. */
  ensureNode(path: string): TreeNode {
    const normal = normalisePath(path);
    const existing = this.#nodes.get(normal);
    if (existing) return existing;
    const split = splitLast(normal)!;
    const parent = this.ensureNode(split.parent);
    const node = new TreeNode(normal, split.name, parent);
    parent.children.set(split.name, node);
    this.#nodes.set(normal, node);
    return node;
  }

  /** Declares a property; its initial value is `spec.value`, else `spec.default`, else the type's zero. */
  define(path: string, spec: PropertySpec): Property {
    const normal = normalisePath(path);
    const split = splitLast(normal);
    if (!split) throw new Error("The root cannot be a property");
    const node = this.ensureNode(split.parent);
    const initial = spec.value ?? spec.default ?? zeroOf(spec.type);
    const property = new Property(normal, split.name, node, spec, initial);
    node.properties.set(split.name, property);
    this.#properties.set(normal, property);
    this.#linkCompanion(property);
    return property;
  }

  /**
   * Declares `path` as another name for the property at `targetPath`: the same value, metadata and
   * rules, one stored value. Clients that know the control under either name read, set and subscribe
   * to it there, and are notified on the name they used.
   */
  alias(path: string, targetPath: string): Property {
    const found = this.property(targetPath);
    if (!found) throw new Error(`No property at ${targetPath} to alias`);
    const target = found.aliasOf ?? found;
    const normal = normalisePath(path);
    const split = splitLast(normal);
    if (!split) throw new Error("The root cannot be a property");
    if (this.#properties.has(normal) || this.#nodes.has(normal)) throw new Error(`${normal} already exists`);
    const node = this.ensureNode(split.parent);
    const alias = new Property(normal, split.name, node, target.spec, target.value);
    alias.aliasOf = target;
    (target.aliases ??= []).push(alias);
    node.properties.set(split.name, alias);
    this.#properties.set(normal, alias);
    return alias;
  }

  /** Stores a value without notifying (initial sync of companions), aliases included. */
  #assign(property: Property, value: unknown): void {
    property.value = value;
    if (property.aliases) { for (const alias of property.aliases) alias.value = value; }
  }

  #linkCompanion(property: Property): void {
    const siblings = property.node.properties;
    const isTapered = property.name.endsWith(TAPERED_SUFFIX);
    const db = isTapered ? siblings.get(property.name.slice(0, -TAPERED_SUFFIX.length)) : property;
    const tapered = isTapered ? property : siblings.get(property.name + TAPERED_SUFFIX);
    if (!db || !tapered || db === tapered || db.type !== "float" || tapered.type !== "float") return;
    db.taperedCompanion = tapered;
    tapered.dbCompanion = db;
    this.#assign(tapered, dbToTapered(db.value as number, ...this.#dbRange(db)));
  }

  /** Recomputes every tapered companion from its dB control (after values were loaded in bulk). */
  resyncCompanions(): void {
    for (const property of this.#properties.values()) {
      if (property.taperedCompanion && typeof property.value === "number") {
        this.#assign(property.taperedCompanion, dbToTapered(property.value, ...this.#dbRange(property)));
      }
    }
  }

  #dbRange(db: Property): [number, number] {
    return [db.spec.min ?? -144, db.spec.max ?? 0];
  }

  node(path: string): TreeNode | undefined {
    return this.#nodes.get(normalisePath(path));
  }
  property(path: string): Property | undefined {
    return this.#properties.get(normalisePath(path));
  }

  /** Resolves a protocol path: a node, a property (metadata), `P/value` or `P/values`. */
  resolve(rawPath: string): Resolved | null {
    const path = normalisePath(rawPath);
    const node = this.#nodes.get(path);
    if (node) return { kind: "node", node };
    const property = this.#properties.get(path);
    if (property) return { kind: "property", property };
    const split = splitLast(path);
    if (!split) return null;
    const owner = this.#properties.get(split.parent);
    if (!owner) return null;
    if (split.name === "value") return { kind: "value", property: owner };
    if (split.name === "values" && owner.spec.values !== undefined) {
      return { kind: "values", property: owner };
    }
    return null;
  }

  /** A protocol or engine write: coerced, clamped, readonly refused, companions synced, observers told. */
  set(property: Property, raw: unknown): SetOutcome {
    if (property.aliasOf) return this.set(property.aliasOf, raw);
    if (property.readonly) return { ok: false, error: "Property is read-only." };
    const coerced = coerceValue(property, raw);
    if (!coerced.ok) return coerced;
    if (property.dbCompanion) {
      const range = this.#dbRange(property.dbCompanion);
      const db = taperedToDb(coerced.value as number, ...range);
      const tapered = dbToTapered(db, ...range);
      const changedTapered = this.#commit(property, tapered, false);
      const changedDb = this.#commit(property.dbCompanion, db, false);
      return { ok: true, value: tapered, changed: changedTapered || changedDb };
    }
    const changed = this.#commit(property, coerced.value, false);
    if (property.taperedCompanion) {
      const tapered = dbToTapered(coerced.value as number, ...this.#dbRange(property));
      this.#commit(property.taperedCompanion, tapered, false);
    }
    return { ok: true, value: coerced.value, changed };
  }

  /**
   * A write by the daemon itself (meters, pulse, status): no coercion, readonly allowed. `force`
   * notifies even an unchanged value (the meters' once-per-second refresh).
   */
  writeInternal(property: Property, value: unknown, force = false): boolean {
    return this.#commit(property.aliasOf ?? property, value, force);
  }

  #commit(property: Property, value: unknown, force: boolean): boolean {
    if (!force && property.value === value) return false;
    this.#notify(property, value);
    if (property.aliases) { for (const alias of property.aliases) this.#notify(alias, value); }
    return true;
  }

  /** Stores the value and tells the property's observers and every ancestor's; each name is its own change. */
  #notify(property: Property, value: unknown): void {
    property.value = value;
    const change = new PropertyChange(property, value, ++this.#seq);
    if (property.observers) { for (const observer of property.observers) observer.onChange(change); }
    for (let node: TreeNode | null = property.node; node; node = node.parent) {
      if (node.observers) { for (const observer of node.observers) observer.onChange(change); }
    }
  }

  /** Attaches an observer to a node (changes anywhere below) or a property; returns the detach function. */
  observe(target: TreeNode | Property, observer: ChangeObserver): () => void {
    (target.observers ??= new Set()).add(observer);
    return () => {
      target.observers?.delete(observer);
      if (target.observers?.size === 0) target.observers = null;
    };
  }

  // The engine's structural interface (controller/engine reads the mixer through these three).

  /** The value of the property at `path` (without `/value`), or undefined when there is none. */
  getValue(path: string): unknown {
    const resolved = this.resolve(path);
    if (resolved?.kind === "property" || resolved?.kind === "value") return resolved.property.value;
    return undefined;
  }

  /** Writes like a protocol `set`: same coercion, clamping, companions and notifications. */
  setValue(path: string, value: unknown): { ok: true; value: unknown } | { ok: false; error: string } {
    const resolved = this.resolve(path);
    if (resolved?.kind !== "property" && resolved?.kind !== "value") {
      return { ok: false, error: "Unable to resolve path for set." };
    }
    const outcome = this.set(resolved.property, value);
    return outcome.ok ? { ok: true, value: outcome.value } : outcome;
  }

  /** Calls `listener(propertyPath, value)` after every real change at or below `prefix`. */
  watch(prefix: string, listener: (path: string, value: unknown) => void): () => void {
    const resolved = this.resolve(prefix);
    if (!resolved) throw new Error(`No node or property at ${prefix}`);
    const target = resolved.kind === "node" ? resolved.node : resolved.property;
    return this.observe(target, {
      onChange: (change) => {
        try {
          listener(change.property.path, change.value);
        } catch (error) {
          this.#reportListenerError(error);
        }
      },
    });
  }

  /** A node as JSON: `{"properties":{name:metadata},"children":{name:node|{}}}`. */
  nodeJson(node: TreeNode, options: NodeRenderOptions): string {
    const parts: string[] = [];
    this.#appendNodeJson(node, options, parts);
    return parts.join("");
  }

  #appendNodeJson(node: TreeNode, options: NodeRenderOptions, parts: string[]): void {
    parts.push('{"properties":{');
    let first = true;
    for (const [name, property] of node.properties) {
      parts.push(first ? "" : ",", JSON.stringify(name), ":");
      if (options.flat) parts.push(JSON.stringify(property.value));
      else if (options.fields) parts.push(JSON.stringify(property.metadata(options.fields)));
      else parts.push(property.metadataJson());
      first = false;
    }
    parts.push('},"children":{');
    first = true;
    for (const [name, child] of node.children) {
      parts.push(first ? "" : ",", JSON.stringify(name), ":");
      if (options.recursive) this.#appendNodeJson(child, options, parts);
      else parts.push("{}");
      first = false;
    }
    parts.push("}}");
  }

  /** A node as a plain object (for UBJSON), same shape as {@link nodeJson}. */
  nodeObject(node: TreeNode, options: NodeRenderOptions): Record<string, unknown> {
    // Null prototypes: an imported property named __proto__ must stay data.
    const properties: Record<string, unknown> = Object.create(null);
    for (const [name, property] of node.properties) {
      properties[name] = options.flat ? property.value : property.metadata(options.fields);
    }
    const children: Record<string, unknown> = Object.create(null);
    for (const [name, child] of node.children) {
      children[name] = options.recursive ? this.nodeObject(child, options) : {};
    }
    return { properties, children };
  }
}
