// Starting worker threads that run this service's TypeScript.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * The source of a worker's bootstrap (for `new Worker(source, { eval: true, execArgv: [] })`): it
 * registers tsx's loader in the worker, then loads `module`. On Node 20 a worker does not inherit
 * the loader hooks its parent got from `--import` (`npm start` and the command line run under
 * tsx, vitest under its own transform); with no Node options passed on (execArgv: []), tsx is
 * registered once and the worker's TypeScript loads the same way everywhere.
 */
export function tsWorkerSource(module: URL): string {
  // The ES module build of tsx/esm/api: its CommonJS build finds its own files wrongly when imported.
  const tsxApi = new URL(
    'dist/esm/api/index.mjs',
    pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json')),
  ).href;
  return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); });`;
}
