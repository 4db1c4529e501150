import { Types } from 'mongoose';
import { roles } from '../auth/caller.ts';
import { requireRole } from '../auth/tenancy.ts';
import { errors } from '../errors.ts';
import type { PersonalDataContext } from './directive.ts';
import type { AccessEntry, AccessLog, AccessQuery } from './accessLog.ts';

interface Args {
  filter?: {
    from?: string | null;
    to?: string | null;
    subject?: string | null;
    clientId?: string | null;
  } | null;
  first?: number | null;
  after?: string | null;
}

const MAX_PAGE = 200;

function time(value: string | null | undefined, field: string): Date | undefined {
  if (value === null || value === undefined) return undefined;
  const date = new Date(value);
  if (value.length > 40 || Number.isNaN(date.getTime()))
    throw errors.badInput(`${field} "${value.slice(0, 40)}" is not an ISO 8601 time.`, { field });
  return date;
}

function text(value: string | null | undefined, field: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value.length > 128) throw errors.badInput(`${field} is longer than 128 characters.`, { field });
  return value;
}

const encode = (e: AccessEntry) =>
  Buffer.from(`${e.at.toISOString().slice(0, 10).replaceAll('-', '')}:${e._id.toHexString()}`).toString(
    'base64url',
  );

function decode(cursor: string): { day: string; id: Types.ObjectId } {
  const [day, id] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  if (!day || !/^\d{8}$/.test(day) || !id || !/^[a-f0-9]{24}$/.test(id)) throw errors.invalidCursor();
  return { day, id: new Types.ObjectId(id) };
}

/**
 * The resolver of a subgraph's `<service>PersonalDataAccessLog` query: provincial and national
 * administrators read the entries of their subtree (accesses by its people, or to its records).
 */
export async function personalDataAccessLog(
  _: unknown,
  args: Args,
  ctx: PersonalDataContext & { personalDataLog?: AccessLog },
) {
  const caller = requireRole(ctx.caller, roles.NATIONAL_ADMIN, roles.PROVINCIAL_ADMIN);
  const first = args.first ?? 50;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) throw errors.pageSize(MAX_PAGE, first);
  const f = args.filter ?? {};
  const query: AccessQuery = {
    from: time(f.from, 'filter.from'),
    to: time(f.to, 'filter.to'),
    subject: text(f.subject, 'filter.subject'),
    clientId: text(f.clientId, 'filter.clientId'),
  };
  const store = ctx.personalDataLog;
  if (!store) throw errors.unavailable('The personal-data access log');
  const page = await store.page(
    caller.organization,
    query,
    first,
    args.after ? decode(args.after) : undefined,
  );
  const edges = page.entries.map((e) => ({
    cursor: encode(e),
    node: { ...e, id: e._id.toHexString(), at: e.at.toISOString() },
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: Boolean(args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
