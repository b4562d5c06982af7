// The data directory holds the log, the read models, staff tokens and the personal-data keys, and
// what the command line writes from it (exports, backups) holds the same: owner only, whatever the
// process umask. SQLite gives a database's -wal and -shm files the mode of the database file, so
// setting the database file's mode before SQLite opens it covers them too.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/** rwx for the owner only. */
export const PRIVATE_DIR_MODE = 0o700;
/** rw for the owner only. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `dir` and any missing parent with mode 0700. A directory that already exists keeps its
 * mode (it may be shared, e.g. /tmp); the files written into it are private either way.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Makes sure `file` exists with mode 0600 before a database or a writer opens it (an existing
 * file, e.g. from an older version, is narrowed to 0600 too, with its -wal and -shm files), and
 * that its directory exists (created 0700). ':memory:' is left alone.
 */
export function ensurePrivateFile(file: string): void {
  if (file === ':memory:') return;
  ensurePrivateDir(dirname(file));
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  chmodSync(file, PRIVATE_FILE_MODE);
  for (const companion of [`${file}-wal`, `${file}-shm`])
    if (existsSync(companion)) chmodSync(companion, PRIVATE_FILE_MODE);
}
