/**
 * @module
 * The state tree's building blocks: nodes, properties and the change record observers receive.
 */

export const PROPERTY_TYPES = ["bool", "int", "int64", "float", "string", "pointer"] as const;
export type PropertyType = typeof PROPERTY_TYPES[number];

/** An enum entry: a plain string, or UA's `{value, string, enabled}` object. */
export type EnumEntry = string | number | { value: unknown; string?: string; enabled?: boolean };

/** What a property is declared with (built-in model or imported device map). */
export interface PropertySpec {
  type: PropertyType;
  value?: unknown;
  min?: number;
  max?: number;
  default?: unknown;
  /** Enum list (strings or `{value,string,enabled}` objects) or a preset tree (any JSON, not enforced). */
  values?: unknown;
  readonly?: boolean;
}

/** Receives every real change at or below the node/property it is attached to. */
export interface ChangeObserver {
  onChange(change: PropertyChange): void;
}

/** Fields of a property's metadata, in reply order (value last so the head can be cached). */
export const METADATA_FIELDS = ["type", "min", "max", "default", "values", "readonly", "value"] as const;

export class TreeNode {
  readonly properties = new Map<string, Property>();
  readonly children = new Map<string, TreeNode>();
  observers: Set<ChangeObserver> | null = null;

  constructor(readonly path: string, readonly name: string, readonly parent: TreeNode | null) {}
}

export class Property {
  value: unknown;
  observers: Set<ChangeObserver> | null = null;
  /** Set on a dB control whose `…Tapered` sibling exists. */
  taperedCompanion: Property | null = null;
  /** Set on a `…Tapered` control whose dB sibling exists. */
  dbCompanion: Property | null = null;
  /**
   * Set on an alias: another name for `aliasOf` (e.g. `preamps/0/Gain` for a deck's `Gain`). It holds a
   * mirror of the target's value, writes go to the target, and it is notified on its own path.
   */
  aliasOf: Property | null = null;
  /** The aliases of this property, notified after it on every change. */
  aliases: Property[] | null = null;
  /** `{"path":"…/value","data":` — every notification of this property starts with it. */
  readonly notificationHead: string;
  readonly valuePath: string;
  readonly enumValues: readonly unknown[] | null;
  #metadataHead: string | null = null;

  constructor(
    readonly path: string,
    readonly name: string,
    readonly node: TreeNode,
    readonly spec: PropertySpec,
    initial: unknown,
  ) {
    this.value = initial;
    this.valuePath = path === "/" ? "/value" : `${path}/value`;
    this.notificationHead = `{"path":${JSON.stringify(this.valuePath)},"data":`;
    this.enumValues = enumValuesOf(spec.values);
  }

  get type(): PropertyType {
    return this.spec.type;
  }
  get readonly(): boolean {
    return this.spec.readonly === true;
  }

  /** The metadata as JSON, built from a cached head (everything but the value) plus the current value. */
  metadataJson(): string {
    this.#metadataHead ??= this.#buildMetadataHead();
    return `${this.#metadataHead}${JSON.stringify(this.value)}}`;
  }

  /** The metadata as an object, limited to `fields` when given (propfilter). */
  metadata(fields?: ReadonlySet<string> | null): Record<string, unknown> {
    const all: Record<string, unknown> = {
      type: this.spec.type,
      min: this.spec.min,
      max: this.spec.max,
      default: this.spec.default,
      values: this.spec.values,
      readonly: this.spec.readonly || undefined,
      value: this.value,
    };
    const out: Record<string, unknown> = {};
    for (const field of METADATA_FIELDS) {
      if (all[field] !== undefined && (!fields || fields.has(field))) out[field] = all[field];
    }
    return out;
  }

  #buildMetadataHead(): string {
    const { value: _value, ...rest } = this.metadata();
    const json = JSON.stringify(rest);
    return json === "{}" ? `{"value":` : `${json.slice(0, -1)},"value":`;
  }
}

/** The list an enforced enum accepts: string entries themselves, or the `value` of object entries. */
function enumValuesOf(values: unknown): readonly unknown[] | null {
  if (!Array.isArray(values) || values.length === 0) return null;
  const accepted: unknown[] = [];
  for (const entry of values) {
    if (typeof entry === "string" || typeof entry === "number") accepted.push(entry);
    else if (entry && typeof entry === "object" && "value" in entry) {
      if ((entry as { enabled?: unknown }).enabled !== false) {
        accepted.push((entry as { value: unknown }).value);
      }
    } else return null; // a preset tree, not an enum
  }
  return accepted;
}

/** One real change of a property; the JSON notification is built once and shared by all subscribers. */
export class PropertyChange {
  #json: string | null = null;
  /** Caches per wire format (e.g. the UBJSON frame), filled by whoever needs them first. */
  encoded: Uint8Array | null = null;

  constructor(readonly property: Property, readonly value: unknown, readonly seq: number) {}

  /** `{"path":"…/value","data":…}` */
  get json(): string {
    return this.#json ??= `${this.property.notificationHead}${JSON.stringify(this.value)}}`;
  }
}
