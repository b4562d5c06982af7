// Bearer tokens to roles. Every configured token is compared, in constant time, so neither the
// answer nor its timing tells which token (or how much of one) matched.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TokenGrant } from '../config.ts';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../events/privateFiles.ts';

/** What a token grants: editors change the history, auditors read everything including the staff-only parts. */
export type Role = 'editor' | 'auditor';

/** Who is asking: the public (no token), or a named editor or auditor (the name is the actor recorded on events). */
export type Viewer = { role: 'public'; name: null } | { role: Role; name: string };

interface Grant {
  name: string;
  role: Role;
  digest: Buffer;
}

const digest = (token: string): Buffer => createHash('sha256').update(token).digest();

export class TokenRegistry {
  private readonly grants: Grant[];

  constructor(editors: TokenGrant[], auditors: TokenGrant[]) {
    this.grants = [
      ...editors.map((g) => ({ name: g.name, role: 'editor' as const, digest: digest(g.token) })),
      ...auditors.map((g) => ({ name: g.name, role: 'auditor' as const, digest: digest(g.token) })),
    ];
  }

  /** The viewer a token belongs to, or null for an unknown token. */
  identify(token: string): Viewer | null {
    const presented = digest(token);
    let match: Grant | null = null;
    for (const grant of this.grants) {
      if (timingSafeEqual(presented, grant.digest) && !match) match = grant;
    }
    return match ? { role: match.role, name: match.name } : null;
  }
}

/** The development editor token, the file that keeps it, and whether this start created it. */
export interface DevelopmentToken extends TokenGrant {
  file: string;
  created: boolean;
}

/**
 * With no tokens configured, a development editor token is kept in DATA_DIR/dev-editor-token so
 * that a new user can try mutations at once; it is the same across restarts. `created` is true
 * only on the start that wrote the file: the token is shown once, never logged on later starts.
 */
export function developmentEditorToken(dataDir: string): DevelopmentToken {
  const file = join(dataDir, 'dev-editor-token');
  if (existsSync(file)) {
    // A file from an older version may be readable by others: it grants editing.
    chmodSync(file, PRIVATE_FILE_MODE);
    return { name: 'dev-editor', token: readFileSync(file, 'utf8').trim(), file, created: false };
  }
  ensurePrivateDir(dataDir);
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: PRIVATE_FILE_MODE });
  return { name: 'dev-editor', token, file, created: true };
}
