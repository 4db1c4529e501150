/** Outcome of checking an identifier: the parts it encodes, or why it is invalid. */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

export const valid = <T>(value: T): Checked<T> => ({ ok: true, value });
export const invalid = <T = never>(reason: string): Checked<T> => ({ ok: false, reason });
