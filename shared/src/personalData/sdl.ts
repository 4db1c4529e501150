import { readFileSync } from 'node:fs';

/** The SDL every subgraph shares for personal data: the directive, its kinds, the access log's types. */
export const personalDataSdl = readFileSync(new URL('./personalData.graphql', import.meta.url), 'utf8');

/**
 * A subgraph's SDL with the shared personal-data definitions appended when it uses them. The
 * subgraph (at start-up) and the gateway's composition both read SDL files through this, so the
 * definitions exist once, in shared/, and no subgraph keeps a copy.
 */
export function withPersonalDataSdl(sdl: string): string {
  return /@personalData\b|\bPersonalDataAccess/.test(sdl) ? `${sdl}\n${personalDataSdl}` : sdl;
}
