/**
 * A set of directory object ids that stays small and cheap for the garbage collector at a million entries. GUIDs
 * (every Entra object id) are kept as 16 bytes in one typed array with open addressing, instead of a million strings
 * in a Set that every full collection has to walk; anything else falls back to an ordinary Set. GUIDs compare without
 * regard to case, as Entra treats them.
 */
export class IdSet {
  private table = new Uint32Array(4 * 1024);
  /** Slots in use; a slot is empty while all four of its words are 0 (the nil GUID is kept aside). */
  private used = 0;
  private nil = false;
  private readonly others = new Set<string>();
  private readonly key = new Uint32Array(4);

  get size(): number {
    return this.used + (this.nil ? 1 : 0) + this.others.size;
  }

  /** Adds the id; true when it was not there yet. */
  add(id: string): boolean {
    if (!parseGuid(id, this.key)) {
      if (this.others.has(id)) return false;
      this.others.add(id);
      return true;
    }
    if (isNil(this.key)) {
      const added = !this.nil;
      this.nil = true;
      return added;
    }
    const slot = this.find(this.key);
    if (!isEmpty(this.table, slot)) return false;
    this.table.set(this.key, slot);
    this.used++;
    // Kept at most half full, so a lookup meets few neighbours.
    if (this.used * 2 > this.table.length / 4) this.grow();
    return true;
  }

  /** Whether the id was added. */
  has(id: string): boolean {
    if (!parseGuid(id, this.key)) return this.others.has(id);
    if (isNil(this.key)) return this.nil;
    return !isEmpty(this.table, this.find(this.key));
  }

  /** The slot (word index) holding the key, or the empty one where it would go. */
  private find(key: Uint32Array): number {
    const slots = this.table.length / 4;
    let i = hash(key) & (slots - 1);
    for (;;) {
      const at = i * 4;
      if (isEmpty(this.table, at)) return at;
      const t = this.table;
      if (t[at] === key[0] && t[at + 1] === key[1] && t[at + 2] === key[2] && t[at + 3] === key[3]) return at;
      i = (i + 1) & (slots - 1);
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    const key = new Uint32Array(4);
    for (let at = 0; at < old.length; at += 4) {
      if (isEmpty(old, at)) continue;
      key.set(old.subarray(at, at + 4));
      this.table.set(key, this.find(key));
    }
  }
}

function isEmpty(t: Uint32Array, at: number): boolean {
  return t[at] === 0 && t[at + 1] === 0 && t[at + 2] === 0 && t[at + 3] === 0;
}

function isNil(k: Uint32Array): boolean {
  return k[0] === 0 && k[1] === 0 && k[2] === 0 && k[3] === 0;
}

/** Mixes all 128 bits: generated ids may differ only in a few of them. */
function hash(k: Uint32Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < 4; i++) h = Math.imul(h ^ k[i], 0x01000193) ^ (h >>> 15);
  return h >>> 0;
}

/** Reads a GUID (8-4-4-4-12 hex digits) into four words; false for anything else. */
function parseGuid(id: string, out: Uint32Array): boolean {
  if (id.length !== 36) return false;
  let word = 0;
  let acc = 0;
  let digits = 0;
  for (let i = 0; i < 36; i++) {
    const c = id.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
      continue;
    }
    let v: number;
    if (c >= 48 && c <= 57) v = c - 48;
    else if (c >= 97 && c <= 102) v = c - 87;
    else if (c >= 65 && c <= 70) v = c - 55;
    else return false;
    acc = (acc << 4) | v;
    if (++digits === 8) {
      out[word++] = acc >>> 0;
      acc = 0;
      digits = 0;
    }
  }
  return true;
}
