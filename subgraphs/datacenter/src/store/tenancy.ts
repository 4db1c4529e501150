/** Indexable tenancy (one scalar field per level) is shared with the spaces subgraph: shared/src/store/tenancy.ts. */
export {
  callerSubtree,
  LEVEL_FIELDS,
  levelFieldOf,
  levelFields,
  subtreeOf,
  type LevelField,
  type LevelFields,
} from '@edugraph/shared';
