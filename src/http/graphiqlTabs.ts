// The tabs GraphiQL opens with (when the browser holds no tabs of its own yet): one per kind of
// user, each saying in its first lines which token it needs.

export interface GraphiQLTab {
  query: string;
  variables?: string;
  headers?: string;
}

/** Frontends: what changed between Working Together 2018 and 2023. No token. */
export const COMPARISON_TAB: GraphiQLTab = {
  query: `# Frontends: what changed between Working Together 2018 and 2023?
# Needs no token: public reads. Sent as GET, so browsers and CDNs may cache the answer.
query Compare2018To2023 {
  document(slug: "working-together-to-safeguard-children") {
    title
    versions { label publishedOn changeNote }
    compare(from: "2018", to: "2023") {
      summary { added removed modified unchanged moved renamed wordsAdded wordsRemoved }
      sections { change key fromHeading toHeading moved renamed wordsAdded wordsRemoved }
      changeNotes { label note }
    }
  }
}
`,
};

/** Editors: draft the next version, see what publishing would change, publish. Editor token. */
export const EDITOR_TAB: GraphiQLTab = {
  query: `# Editors: a draft-and-publish session. Run the operations in order (the play button's menu).
# Needs an EDITOR token: put it in the Headers pane below, as
#   {"authorization": "Bearer <token>"}
# With no tokens configured, \`npm start\` keeps a development editor token in DATA_DIR/dev-editor-token.

mutation Register {
  registerDocument(input: {slug: "local-protocol", title: "Local protocol", kind: PRACTICE_GUIDANCE}) {
    __typename ... on Error { message code }
  }
}

mutation PublishFirst {
  publishVersion(input: {slug: "local-protocol", label: "v1", publishedOn: "2024-01-10", changeNote: "First version",
    sections: [{key: "purpose", heading: "Purpose", body: "Why we share information."}]}) {
    __typename ... on PublishVersionSuccess { document { revision } } ... on Error { message code }
  }
}

mutation SaveDraft {
  saveDraft(input: {slug: "local-protocol", label: "v2", changeNote: "Adds escalation",
    sections: [{key: "purpose", heading: "Purpose", body: "Why and how we share information."},
               {key: "escalation", heading: "Escalation", body: "Disagreements go to the chair."}]}) {
    __typename ... on Error { message code }
  }
}

query WhatWouldChange {
  document(slug: "local-protocol") {
    draft { label changeNote }
    compare(from: "v1", to: "v2") { summary { added modified } sections { change key toHeading } }
  }
}

mutation Publish {
  publishDraft(input: {slug: "local-protocol", label: "v2", publishedOn: "2024-03-01"}) {
    __typename ... on Error { message code }
  }
}
`,
  headers: '{"authorization": "Bearer <editor token>"}',
};

/** Auditors: who changed Working Together, when and why; is the log intact. Auditor token. */
export const AUDITOR_TAB: GraphiQLTab = {
  query: `# Auditors: the history of Working Together, and whether the log and read models verify.
# Needs an AUDITOR token (AUDITOR_TOKENS); an editor's token is refused events and verification (FORBIDDEN).
# Put it in the Headers pane below, as {"authorization": "Bearer <token>"}.

query History {
  events(streamId: "document-working-together-to-safeguard-children", first: 50) {
    edges { node { position type actor recordedAt effectiveAt changeNote source hash previousHash } }
  }
}

query Verify {
  verification { ok checkedEvents headHash firstBrokenPosition readModelsMatch }
  treeHead { treeSize rootHash timestamp keyId signature }
}
`,
  headers: '{"authorization": "Bearer <auditor token>"}',
};

export const GRAPHIQL_TABS: GraphiQLTab[] = [COMPARISON_TAB, EDITOR_TAB, AUDITOR_TAB];
