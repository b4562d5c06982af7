// DataLoader batching, counted: how many SQL statements one `documents(first: N)` query with
// versions and sections runs, for N = 10 and N = 100. A constant count means no resolver issues a
// statement per parent row.
import { openSqlite } from '../../src/sqlite.ts';
import { TokenRegistry } from '../../src/app/auth.ts';
import { openServices } from '../../src/composition.ts';
import { loadConfig } from '../../src/config.ts';
import { createGraphQLHandler } from '../../src/http/graphqlHandler.ts';
import { createLogger } from '../../src/server.ts';
import { dataDirWith, type BenchContext } from '../lib/context.ts';
import type { CaseResult } from '../lib/report.ts';

type Method = 'all' | 'get' | 'run' | 'iterate';
const METHODS: Method[] = ['all', 'get', 'run', 'iterate'];

/** Counts executions of every better-sqlite3 statement in this process while `counting` is on. */
function statementCounter(): {
  count<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }>;
  restore(): void;
} {
  const probe = openSqlite(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<Method, (...args: unknown[]) => unknown>;
  probe.close();
  const originals = new Map(METHODS.map((m) => [m, proto[m]]));
  let counting = false;
  let statements = 0;
  for (const m of METHODS) {
    const original = originals.get(m)!;
    proto[m] = function (this: unknown, ...args: unknown[]) {
      if (counting) statements += 1;
      return original.apply(this, args);
    };
  }
  return {
    async count(fn) {
      statements = 0;
      counting = true;
      try {
        const result = await fn();
        return { result, statements };
      } finally {
        counting = false;
      }
    },
    restore() {
      for (const m of METHODS) proto[m] = originals.get(m)!;
    },
  };
}

const query = (n: number) =>
  `{ documents(first: ${n}) { edges { node { slug versions { label sections { key } } } } } }`;

export async function statementCases(ctx: BenchContext): Promise<CaseResult[]> {
  const dataDir = ctx.largeDataDir ?? dataDirWith(ctx, 'statements', ctx.documentsLog);
  const services = await openServices({ DATA_DIR: dataDir });
  const counter = statementCounter();
  try {
    await services.runner.catchUp();
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', MAX_COST: '10000000' });
    const yoga = createGraphQLHandler(services, new TokenRegistry([], []), createLogger(config), config);
    const counts = new Map<number, { statements: number; documents: number; sections: number }>();
    for (const n of [10, 100]) {
      const { result, statements } = await counter.count(async () => {
        const res = await yoga.fetch('http://127.0.0.1/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ query: query(n) }),
        });
        return (await res.json()) as {
          data?: { documents: { edges: { node: { versions: { sections: unknown[] }[] } }[] } };
          errors?: unknown[];
        };
      });
      if (!result.data || result.errors)
        throw new Error(`documents(first: ${n}) failed: ${JSON.stringify(result.errors)}`);
      const edges = result.data.documents.edges;
      const sections = edges.reduce((s, e) => s + e.node.versions.reduce((v, x) => v + x.sections.length, 0), 0);
      counts.set(n, { statements, documents: edges.length, sections });
    }
    const ten = counts.get(10)!;
    const hundred = counts.get(100)!;
    ctx.say(
      `  documents(first: 10): ${ten.statements} statements; documents(first: 100): ${hundred.statements} statements`,
    );
    return [
      {
        name: 'documents(first: 100) { versions { sections } }: SQL statements',
        ours: hundred.statements,
        baseline: ten.statements,
        unit: 'statements',
        ratio: hundred.statements / ten.statements,
        goal: 'same count as first: 10',
        pass: hundred.statements === ten.statements && hundred.documents === 100,
        notes: `${hundred.documents} documents, ${hundred.sections.toLocaleString('en-GB')} sections in one query; baseline column is first: 10 (${ten.sections} sections)`,
      },
    ];
  } finally {
    counter.restore();
    await services.close();
  }
}
