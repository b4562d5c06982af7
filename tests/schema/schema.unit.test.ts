import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printedSchema, SCHEMA_FILE } from '../../src/schema/print.ts';

describe('schema.graphql', () => {
  it('is up to date with the schema the code builds (run `npm run schema` after an API change)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(printedSchema());
  });

  it('keeps the fixed names of the API contract', () => {
    const sdl = printedSchema();
    for (const fragment of [
      'interface Node',
      'interface Error',
      'compare(from: String!, to: String!): Comparison!',
      'inForce(asOf: Date): DocumentVersion',
      'kind: DocumentKind, last: Int): DocumentConnection!',
    ]) {
      expect(sdl).toContain(fragment);
    }
    const union = /union PublishVersionResult = (.*)/.exec(sdl)?.[1]?.split(' | ') ?? [];
    expect(union).toEqual(
      expect.arrayContaining(['PublishVersionSuccess', 'ValidationError', 'ConflictError', 'NotFoundError']),
    );
  });
});
