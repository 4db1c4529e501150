import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types for the console's operations from the composed supergraph (the gateway's
 * `supergraph.graphql`). Documents are strings: the bundle carries no GraphQL parser.
 */
const config: CodegenConfig = {
  schema: '../gateway/supergraph.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { documentMode: 'string', enumsAsTypes: true, useTypeImports: true, skipTypename: true },
    },
  },
};

export default config;
