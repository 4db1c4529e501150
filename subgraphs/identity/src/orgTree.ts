import { appError, checkRegionCode, errors, tracedFetch } from '@edugraph/shared';

/** Where an organization sits, as the authority has it. */
export interface Organization {
  code: string;
  /** Codes from the nation (100000) down to the organization. */
  path: string[];
  /** The school's name from the data center (regions: undefined). */
  name?: string;
}

/**
 * The organization tree as identity may trust it: the data center is the authority.
 * - A region code (GB/T 2260) is its own place in the tree: `330102` sits in 330100, which sits
 *   in 330000, by the standard's construction, and the data center derives region paths the same
 *   way from the code (its region check refuses any other parent). So nothing in a request can
 *   move a region, and no lookup is needed.
 * - A school code carries only its province: its county is a fact of the data center, looked up
 *   there (`schoolByCode`) with identity's own national service token — never taken from input.
 */
export interface OrgTree {
  /** The organization's place, or a BAD_USER_INPUT naming `field` when it is unknown or malformed. */
  resolve(code: string, field?: string): Promise<Organization>;
}

const SCHOOL_QUERY = `query($code: String!) { schoolByCode(code: $code) { code name orgPath } }`;
const LOOKUP_TIMEOUT_MS = 5_000;

export function createOrgTree(options: {
  /** The datacenter subgraph's GraphQL URL; undefined: schools are refused. */
  datacenterUrl: string | undefined;
  serviceToken: () => string;
  fetchImpl?: typeof fetch;
}): OrgTree {
  // tracedFetch: the lookup joins the caller's trace (traceparent) when tracing is on.
  const fetchImpl = options.fetchImpl ?? tracedFetch;

  async function school(code: string, field: string): Promise<Organization> {
    if (!options.datacenterUrl)
      throw appError(
        'SERVICE_UNAVAILABLE',
        `${field} ${code}: the data center is not configured (DATACENTER_URL), so identity cannot tell where a school sits; school organizations are refused.`,
        { dependency: 'datacenter', field },
      );
    let body: {
      data?: { schoolByCode?: { code: string; name: string; orgPath: string[] } | null };
      errors?: { message: string }[];
    };
    try {
      const res = await fetchImpl(options.datacenterUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.serviceToken()}` },
        body: JSON.stringify({ query: SCHOOL_QUERY, variables: { code } }),
        signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS),
      });
      body = (await res.json()) as typeof body;
    } catch {
      throw errors.unavailable('The data center (organization tree)');
    }
    if (body.errors?.length || body.data === undefined)
      throw errors.unavailable('The data center (organization tree)');
    const found = body.data.schoolByCode;
    if (!found || found.orgPath.at(-1) !== code)
      throw errors.badInput(`${field} ${code}: the data center has no school with this code.`, { field });
    return { code, path: [...found.orgPath], name: found.name };
  }

  return {
    async resolve(raw, field = 'organization') {
      const code = raw.trim();
      if (/^\d{10}$/.test(code)) return school(code, field);
      if (!/^\d{6}$/.test(code))
        throw errors.badInput(
          `${field} ${raw}: an organization is a 6-digit region code or a 10-digit school code.`,
          { field },
        );
      const region = checkRegionCode(code);
      if (!region.ok) throw errors.badInput(`${field} ${code}: ${region.reason}.`, { field });
      return { code, path: region.value.path };
    },
  };
}
