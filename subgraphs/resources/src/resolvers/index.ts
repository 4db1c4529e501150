import { entityResolvers } from './entities.ts';
import { mutationResolvers } from './mutation.ts';
import { queryResolvers } from './query.ts';
import { resourceResolvers } from './resource.ts';

/** The resolvers of the resources SDL, one file per type with logic. */
export const resolvers = {
  ...queryResolvers,
  ...mutationResolvers,
  ...entityResolvers,
  ...resourceResolvers,
};
