import {
  openSubgraphService,
  type Caller,
  type RunningSubgraph,
  type SubgraphServiceOptions,
} from '@edugraph/shared';
import type { Connection } from 'mongoose';
import type { SpacesConfig } from './config.ts';
import { memberKeyOfUser, type Models, type SpacesContext } from './context.ts';
import { spacesLoaders } from './loaders.ts';
import { commentModel, postModel, reportModel } from './models/content.ts';
import { memberSpacesModel, membershipModel, spaceModel, type MemberEntry } from './models/space.ts';
import { memberSpaces, migrateMemberIndex } from './memberIndex.ts';
import {
  createDatacenterClient,
  createIdentityClient,
  type DatacenterClient,
  type IdentityClient,
} from './peers.ts';
import { resolvers } from './resolvers/index.ts';

export interface SpacesService extends RunningSubgraph {
  models: Models;
}

export function spacesModels(conn: Connection): Models {
  return {
    spaces: spaceModel(conn),
    memberships: membershipModel(conn),
    memberSpaces: memberSpacesModel(conn),
    posts: postModel(conn),
    comments: commentModel(conn),
    reports: reportModel(conn),
  };
}

export async function initModels(models: Models): Promise<void> {
  await Promise.all(Object.values(models).map((m: { init: () => Promise<unknown> }) => m.init()));
}

export function spacesContext(
  config: SpacesConfig,
  models: Models,
  peers: { identity: IdentityClient; datacenter: DatacenterClient },
  caller: Caller | null,
  authorization: string | undefined,
): SpacesContext {
  let memberships: Promise<Map<string, MemberEntry>> | undefined;
  return {
    caller,
    config,
    models,
    ...peers,
    token: authorization?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? null,
    loaders: spacesLoaders(models, caller),
    myMemberships: () =>
      (memberships ??= caller
        ? memberSpaces(models, memberKeyOfUser(caller.subject))
        : Promise.resolve(new Map())),
  };
}

/**
 * The spaces subgraph: learning spaces, their members and content, and the indicators.
 * `options.connection` (tests, the benchmark) is an open connection to use, e.g. one that
 * counts its commands.
 */
export async function startSpacesService(
  config: SpacesConfig,
  options: SubgraphServiceOptions = {},
): Promise<SpacesService> {
  const { logger, conn, listen } = await openSubgraphService('spaces', config, options);
  const models = spacesModels(conn);
  await initModels(models);
  if (await migrateMemberIndex(models)) logger.info('member index built from the memberships');
  const peers = {
    identity: createIdentityClient(config.IDENTITY_URL, logger),
    datacenter: createDatacenterClient(config.DATACENTER_URL, logger),
  };
  const running = await listen<SpacesContext>({
    schemaFile: new URL('./schema.graphql', import.meta.url),
    resolvers: resolvers as never,
    context: (caller, req) => spacesContext(config, models, peers, caller, req.headers.authorization),
  });
  return { ...running, models };
}
