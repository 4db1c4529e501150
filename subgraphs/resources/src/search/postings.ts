import { isIndexedToken } from './tokens.ts';

/** A growable list of ascending slot numbers (4 bytes each). */
class SlotList {
  data = new Int32Array(4);
  length = 0;

  push(slot: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = slot;
  }

  /** First position at or after `from` whose slot is ≥ `slot`. */
  seek(slot: number, from: number): number {
    let lo = from;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.data[mid]! < slot) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * An inverted index of the catalog's search tokens (Han bigrams and Latin words; single
 * characters are too common to be worth their memory and are checked on the candidates):
 * for each token, the slots of the resources holding it, ascending. A changed resource takes
 * a new slot and its old one is dropped from answers at once and from the lists when more
 * than half of the slots are dead.
 */
export class TokenPostings<T> {
  private readonly lists = new Map<string, SlotList>();
  private slots: (T | undefined)[] = [];
  private readonly slotOf = new Map<string, number>();
  private dead = 0;

  clear(): void {
    this.lists.clear();
    this.slots = [];
    this.slotOf.clear();
    this.dead = 0;
  }

  /** Indexes `value` (what `match` answers) under `id`, replacing what `id` held. */
  put(id: string, value: T, tokens: readonly string[]): void {
    this.remove(id);
    const slot = this.slots.length;
    this.slots.push(value);
    this.slotOf.set(id, slot);
    for (const token of tokens) {
      if (!isIndexedToken(token)) continue;
      let list = this.lists.get(token);
      if (!list) this.lists.set(token, (list = new SlotList()));
      list.push(slot);
    }
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slots[slot] = undefined;
    this.slotOf.delete(id);
    this.dead += 1;
    if (this.dead > 1000 && this.dead > this.slotOf.size) this.compact();
  }

  /**
   * The values holding every indexed token of the query (each answer still has to be checked
   * for the query's single characters), or undefined when the query has no indexed token.
   */
  match(tokens: readonly string[]): T[] | undefined {
    const wanted = tokens.filter(isIndexedToken);
    if (wanted.length === 0) return undefined;
    const lists: SlotList[] = [];
    for (const token of wanted) {
      const list = this.lists.get(token);
      if (!list) return [];
      lists.push(list);
    }
    lists.sort((a, b) => a.length - b.length);
    const [shortest, ...others] = lists as [SlotList, ...SlotList[]];
    const positions = others.map(() => 0);
    const found: T[] = [];
    outer: for (let i = 0; i < shortest.length; i++) {
      const slot = shortest.data[i]!;
      for (let j = 0; j < others.length; j++) {
        const list = others[j]!;
        const at = list.seek(slot, positions[j]!);
        positions[j] = at;
        if (at === list.length) break outer;
        if (list.data[at] !== slot) continue outer;
      }
      const value = this.slots[slot];
      if (value !== undefined) found.push(value);
    }
    return found;
  }

  /** Drops dead slots from every list, renumbering the live ones in the same order. */
  private compact(): void {
    const renumbered = new Int32Array(this.slots.length).fill(-1);
    const live: T[] = [];
    const inOrder = [...this.slotOf].sort((x, y) => x[1] - y[1]);
    for (const [id, slot] of inOrder) {
      renumbered[slot] = live.length;
      this.slotOf.set(id, live.length);
      live.push(this.slots[slot]!);
    }
    for (const [token, list] of this.lists) {
      const kept = new SlotList();
      for (let i = 0; i < list.length; i++) {
        const slot = renumbered[list.data[i]!]!;
        if (slot >= 0) kept.push(slot);
      }
      if (kept.length) this.lists.set(token, kept);
      else this.lists.delete(token);
    }
    this.slots = live;
    this.dead = 0;
  }
}
