// Loaded with `node --import` (through NODE_OPTIONS) into a child server: writes the URL of every
// module the child resolves through the ES module loader to the file named by IMPORT_LOG, one a
// line, so a test can tell which packages a configuration loads.
import { register } from 'node:module';

register('./importRecorderHooks.mjs', import.meta.url, { data: { file: process.env.IMPORT_LOG } });
