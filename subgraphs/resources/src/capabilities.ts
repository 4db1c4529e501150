import type { Connection } from 'mongoose';

/**
 * What the database does well. The embedded FerretDB v1 (SQLite) pushes down only a filter on
 * a single `_id` value: `{ _id: { $in: [...] } }` and every other filter read and decode the
 * whole collection. There, records are fetched by id one lookup each (in parallel); MongoDB
 * gets one `$in` query per batch.
 */
export interface Capabilities {
  pointLookupsOnly: boolean;
}

export async function detectCapabilities(conn: Connection): Promise<Capabilities> {
  const info = (await conn.db!.admin().command({ buildInfo: 1 })) as { ferretdbVersion?: string };
  return { pointLookupsOnly: typeof info.ferretdbVersion === 'string' };
}
