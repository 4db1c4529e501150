/**
 * What one request returned unmasked: filled by the `@personalData` fields as they resolve,
 * written once as one access-log entry when the answer is sent (accessLogPlugin.ts).
 */
export interface AccessRecorder {
  /** A personal field of record `type`/`id` went out unmasked. */
  note(field: string, type: string, id: string, orgPath?: readonly string[]): void;
  readonly empty: boolean;
  snapshot(): RecordedAccess;
}

export interface RecordedAccess {
  fields: string[];
  records: { type: string; ids: string[] }[];
  /** Organization codes on the accessed records' paths (so each level above sees the entry). */
  orgs: string[];
}

/** Ids kept per type in one entry; a page holds at most 1,000 records. */
const MAX_IDS_PER_TYPE = 5000;

export function createAccessRecorder(): AccessRecorder {
  const fields = new Set<string>();
  const records = new Map<string, Set<string>>();
  const orgs = new Set<string>();
  return {
    note(field, type, id, orgPath) {
      fields.add(`${type}.${field}`);
      let ids = records.get(type);
      if (!ids) records.set(type, (ids = new Set()));
      if (ids.size < MAX_IDS_PER_TYPE) ids.add(id);
      for (const code of orgPath ?? []) if (typeof code === 'string') orgs.add(code);
    },
    get empty() {
      return fields.size === 0;
    },
    snapshot: () => ({
      fields: [...fields].sort(),
      records: [...records].map(([type, ids]) => ({ type, ids: [...ids] })),
      orgs: [...orgs],
    }),
  };
}
