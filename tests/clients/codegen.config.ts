// GraphQL Code Generator settings for this API, as README.md's "Using it from a frontend" shows them:
// every custom scalar mapped (strictScalars refuses any left unmapped) to what the server sends.
import type { CodegenConfig } from '@graphql-codegen/cli';

export const SCALARS = {
  /** YYYY-MM-DD */
  Date: 'string',
  /** RFC 3339 instant, answered in UTC */
  DateTime: 'string',
  /** any JSON value */
  JSON: 'unknown',
} as const;

/** Types for `documents` (operation files) against the committed schema, written to `output`. */
export function codegenConfig(documents: string, output: string): CodegenConfig {
  return {
    schema: 'schema.graphql',
    documents,
    silent: true,
    generates: {
      [output]: {
        plugins: ['typescript-operations'],
        config: { strictScalars: true, scalars: SCALARS, enumsAsTypes: true, useTypeImports: true },
      },
    },
  };
}
