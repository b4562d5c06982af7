// The import rules between the layers, as /work/shared/DESIGN.md ("Layout") draws them and
// `npm run lint:imports` checks in CI. Arrows point at what is imported:
//   server.ts / cli.ts / composition.ts → everything; only they pick an adapter (via events/factory)
//   schema      → app, domain, projections (read-side queries), events (port, vocabulary, streams;
//                 catalogue types only)
//   http        → app (services, auth)
//   app         → domain, projections, events (port, catalogue, not an adapter)
//   projections → events (port, catalogue, vocabulary, streams, text, merkle)
//   domain      → events (catalogue types, vocabulary, streams, text); pure: no I/O
//   events      → nothing above it
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'adapter-only-through-factory',
      comment: 'An event store adapter is chosen by events/factory.ts, which only the composition root calls.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/(composition|server|cli)\\.ts$', '^src/events/(factory\\.ts|adapters/)'] },
      to: { path: '^src/events/(factory\\.ts|adapters/)' },
    },
    {
      name: 'composition-root-only-at-the-top',
      comment: 'Only the entry points wire the services.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(composition|server|cli)\\.ts$' },
      to: { path: '^src/(composition|server|cli)\\.ts$' },
    },
    {
      name: 'domain-is-pure',
      comment: 'Deciders are pure: no store, no SQLite, no HTTP, no clock or file; only catalogue types and the vocabulary of the log.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: {
        path: '^src/',
        pathNot: ['^src/domain/', '^src/events/(vocabulary|streams|text)\\.ts$', '^src/events/catalogue(\\.ts$|/)'],
      },
    },
    {
      name: 'domain-reads-catalogue-types-only',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/events/catalogue(\\.ts$|/)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'domain-no-io',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|net|http|https|http2|child_process|worker_threads|dgram|os)$' },
    },
    {
      name: 'events-below-everything',
      comment: 'The log knows nothing of the layers built on it.',
      severity: 'error',
      from: { path: '^src/events/' },
      to: { path: '^src/(domain|projections|app|schema|http|seed)/' },
    },
    {
      name: 'projections-read-only-the-log',
      comment: 'Projections see events, not the domain, the application or GraphQL.',
      severity: 'error',
      from: { path: '^src/projections/' },
      to: { path: '^src/(domain|app|schema|http|seed)/' },
    },
    {
      name: 'app-not-schema-or-http',
      comment: 'Application services know nothing of GraphQL or HTTP.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/(schema|http)/' },
    },
    {
      name: 'schema-uses-the-port-and-vocabulary',
      comment: 'GraphQL types reach the log through the application; of the events layer they use the port, the vocabulary, stream names and catalogue types.',
      severity: 'error',
      from: { path: '^src/schema/' },
      to: {
        path: '^src/events/',
        pathNot: ['^src/events/(store|vocabulary|streams|text)\\.ts$', '^src/events/catalogue(\\.ts$|/)'],
      },
    },
    {
      name: 'schema-reads-catalogue-types-only',
      severity: 'error',
      from: { path: '^src/schema/' },
      to: { path: '^src/events/catalogue(\\.ts$|/)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
