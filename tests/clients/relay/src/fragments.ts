// A fragment set as a Relay app would write it: a paginated list with @connection, refetchable
// nodes, and the board with its dated seats. Compiled by relay-compiler in tests/clients/relay.e2e.test.ts.
declare function graphql(strings: TemplateStringsArray): unknown;

export const documentFragment = graphql`
  fragment fragments_document on Document {
    id
    slug
    title
    versions {
      id
      label
      publishedOn
      sections {
        key
        heading
      }
    }
  }
`;

export const documentListFragment = graphql`
  fragment fragments_documentList on Query
  @argumentDefinitions(count: { type: "Int", defaultValue: 10 }, cursor: { type: "String" })
  @refetchable(queryName: "DocumentListPaginationQuery") {
    documents(first: $count, after: $cursor) @connection(key: "fragments_documents") {
      edges {
        node {
          id
          ...fragments_document
        }
      }
    }
  }
`;

export const boardFragment = graphql`
  fragment fragments_board on Board @refetchable(queryName: "BoardRefetchQuery") {
    id
    asOf
    size
    seats {
      id
      role
      trustee {
        id
        name
      }
    }
  }
`;

export const appQuery = graphql`
  query fragmentsAppQuery($slug: String!) {
    document(slug: $slug) {
      ...fragments_document
    }
    board {
      ...fragments_board
    }
    ...fragments_documentList
  }
`;
