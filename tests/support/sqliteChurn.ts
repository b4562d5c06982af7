// Run as a child process (`node --import tsx tests/support/sqliteChurn.ts DIR MS`): opens a
// database with openSqlite and for MS milliseconds keeps making statements, iterators and pragma
// statements and dropping them while allocating, so V8 collects garbage from its own tasks too;
// then backs the database up into DIR and lets the process end by itself. Prints
// "churned N statements" on success. On Node 24 an unkept better-sqlite3 object aborts it.
import { join } from 'node:path';
import { openSqlite } from '../../src/sqlite.ts';

const [dir = '.', ms = '1500'] = process.argv.slice(2);
const db = openSqlite(join(dir, 'churn.sqlite'));
db.exec('CREATE TABLE IF NOT EXISTS t (a INTEGER)');
db.prepare('INSERT INTO t (a) VALUES (?)').run(1);
let statements = 0;
let garbage: object[] = [];
const until = Date.now() + Number(ms);
const timer = setInterval(() => {
  for (let i = 0; i < 100; i += 1) {
    db.prepare('SELECT ? AS a').get(i);
    for (const row of db.prepare('SELECT a FROM t').iterate()) garbage.push(row as object);
    db.pragma('cache_size', { simple: true });
    statements += 3;
  }
  garbage = Array.from({ length: 20_000 }, (_, i) => ({ i }));
  if (Date.now() < until) return;
  clearInterval(timer);
  void db.backup(join(dir, 'churn-copy.sqlite')).then(() => {
    db.close();
    console.log(`churned ${statements} statements`);
  });
}, 2);
