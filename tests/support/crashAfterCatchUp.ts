// Run as a child process (node --import tsx): opens the services over DATA_DIR argv[2], lets the
// read models catch up with the log, and is killed with SIGKILL the moment the catch-up resolves,
// before any timer or immediate runs. Shows what a crash leaves right after a commit.
import { openServices } from '../../src/composition.ts';

void (async () => {
  const services = await openServices({ DATA_DIR: process.argv[2]! });
  await services.runner.catchUp();
  process.kill(process.pid, 'SIGKILL');
})();
