import { clientResolvers } from './clients.ts';
import { mutationResolvers } from './mutation.ts';
import { queryResolvers } from './query.ts';
import { userResolvers } from './users.ts';

/** The resolvers of the identity SDL, one file per type with logic. */
export const resolvers = {
  ...queryResolvers,
  ...mutationResolvers,
  ...userResolvers,
  ...clientResolvers,
};
