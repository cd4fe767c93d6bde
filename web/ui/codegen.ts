// Types for every GraphQL document in src/, generated from the service's
// own schema files (the API's single source of truth), not from a running
// server: the build needs no Neo4j.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../../schema/*.graphqls',
  documents: ['src/**/*.ts', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { Date: 'string', DateTime: 'string', GeoJSON: 'unknown' },
      },
    },
  },
};
export default config;
