/**
 * @module
 * A strict reader for the XML the exports write (elements, attributes, entities; no text content,
 * DTDs or comments), so tests check the export by its structure instead of by string matching. It
 * throws on anything malformed: unclosed or mismatched tags, bad attributes, unknown entities, text
 * outside the declaration.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(value: string): string {
  return value.replace(/&(#\d+|#x[0-9a-f]+|\w+);|&/gi, (whole, name: string | undefined) => {
    if (!name) throw new Error("a bare & in an attribute");
    if (name.startsWith("#x")) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
    if (!(name in ENTITIES)) throw new Error(`unknown entity ${whole}`);
    return ENTITIES[name];
  });
}

export function readXml(text: string): XmlElement {
  const body = text.replace(/^<\?xml[^?]*\?>/, "");
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>/y;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let at = 0;
  while (at < body.length) {
    const gap = /\s*/y;
    gap.lastIndex = at;
    gap.exec(body);
    at = gap.lastIndex;
    if (at >= body.length) break;
    tag.lastIndex = at;
    const match = tag.exec(body);
    if (!match) throw new Error(`malformed XML at ${at}: ${JSON.stringify(body.slice(at, at + 40))}`);
    at = tag.lastIndex;
    const [, closing, name, rawAttributes, selfClosing] = match;
    if (closing) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
      continue;
    }
    const element: XmlElement = { name, attributes: {}, children: [] };
    for (const [, key, value] of rawAttributes.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
      if (key in element.attributes) throw new Error(`attribute ${key} twice`);
      element.attributes[key] = decode(value);
    }
    if (stack.length) stack.at(-1)!.children.push(element);
    else if (root) throw new Error("two root elements");
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length || !root) throw new Error("unclosed elements");
  return root;
}

/** Every descendant element named `name`, depth first. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((
    child,
  ) => [...(child.name === name ? [child] : []), ...findAll(child, name)]);
}
