// The GraphQL operations of README.md's section for frontends, as client tests and code generation use them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

/** The ```graphql blocks of the `##` sections whose title starts with `prefix`, in order. */
function graphqlBlocks(prefix: string): string[] {
  const out: string[] = [];
  let section = '';
  let open: string[] | null = null;
  let lang = '';
  for (const line of README.split('\n')) {
    if (open === null && line.startsWith('## ')) section = line.slice(3).trim();
    const fence = /^```(\w*)\s*$/.exec(line);
    if (fence && open === null) {
      open = [];
      lang = fence[1]!;
    } else if (fence && open !== null) {
      if (lang === 'graphql' && section.startsWith(prefix)) out.push(open.join('\n'));
      open = null;
    } else if (open !== null) {
      open.push(line);
    }
  }
  return out;
}

/** The operations a frontend is shown: the "For frontends" examples and those of "Using it from a frontend". */
export const FRONTEND_OPERATIONS: string[] = [
  ...graphqlBlocks('For frontends'),
  ...graphqlBlocks('Using it from a frontend'),
];

/** The same operations with a name each (code generators name their types after operations). */
export function namedOperations(): string {
  return FRONTEND_OPERATIONS.map((op, i) =>
    op.trimStart().startsWith('{') ? `query Readme${i + 1} ${op.trimStart()}` : op,
  ).join('\n\n');
}
