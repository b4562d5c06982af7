// Writes schema.graphql, committed so reviewers see every API change as a diff.
import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { schema } from './index.ts';

export const SCHEMA_FILE = new URL('../../schema.graphql', import.meta.url);

export function printedSchema(): string {
  return `${printSchema(schema)}\n`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/.*\//, ''))) {
  writeFileSync(SCHEMA_FILE, printedSchema());
  console.log('wrote schema.graphql');
}
