// Who may read or do what, as scope-auth scopes (one scope per role; see builder.ts).

/** Editors and auditors may see unpublished and attributed material; the public may not. */
export const STAFF = { $any: { editor: true, auditor: true } } as const;

/** Only auditors browse the log itself. */
export const AUDITOR = { auditor: true } as const;

/** Only editors change anything. */
export const EDITOR = { editor: true } as const;
