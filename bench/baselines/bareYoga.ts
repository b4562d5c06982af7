// Baseline: a bare graphql-yoga server with a tiny schema that answers the benchmark's document
// query from an in-memory object (the response our server gave), with nothing else in the way.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';

interface Version {
  label: string;
  sections?: { heading: string }[];
}
interface DocumentAnswer {
  versions: Version[];
  inForce: Version | null;
}

const answer = (
  JSON.parse(readFileSync(process.env.BENCH_RESPONSE_FILE!, 'utf8')) as { data: { document: DocumentAnswer } }
).data.document;

const yoga = createYoga({
  schema: createSchema({
    typeDefs: /* GraphQL */ `
      type Section { heading: String! }
      type Version { label: String! sections: [Section!]! }
      type Document { versions: [Version!]! inForce(asOf: String): Version }
      type Query { document(slug: String!): Document }
    `,
    resolvers: { Query: { document: () => answer } },
  }),
  graphqlEndpoint: '/graphql',
  healthCheckEndpoint: '/health',
  landingPage: false,
  logging: false,
});

createServer(yoga).listen(Number(process.env.PORT), '127.0.0.1');
