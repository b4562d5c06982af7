// `import-document`: a document file (HTML, Markdown or DOCX) saved as the draft of a new version.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatOfFile, importDraftCommand } from '../app/importDocument.ts';
import { documentDecider } from '../domain/documents/decide.ts';
import { documentStreamId } from '../domain/documents/document.ts';
import { DomainError } from '../domain/errors.ts';
import { withServices } from './common.ts';

/** Registers `import-document FILE --slug S --label L --note N` (exit code 2 when the file is refused). */
export function registerDocumentCommands(program: Command): void {
  program
    .command('import-document')
    .description(
      'save a document file (.html/.htm, .md/.markdown or .docx) as the draft of a new version; publish it with publishDraft',
    )
    .argument('<file>', 'the document to read; its extension gives the format')
    .requiredOption('--slug <slug>', 'the registered document it is a version of')
    .requiredOption('--label <label>', 'label of the version the draft will become')
    .requiredOption('--note <note>', 'the change note')
    .option('--actor <name>', 'who is recorded as making the change', 'command-line')
    .action((file: string, opts: { slug: string; label: string; note: string; actor: string }) =>
      withServices(async (services) => {
        const format = formatOfFile(file);
        if (!format) {
          console.error(`import-document refused: ${file} is not .html, .htm, .md, .markdown or .docx`);
          process.exitCode = 2;
          return;
        }
        const bytes = readFileSync(file);
        const content = format === 'DOCX' ? bytes.toString('base64') : bytes.toString('utf8');
        try {
          await services.runner.catchUp();
          const command = await importDraftCommand(services.documents, services.importReader, {
            slug: opts.slug,
            label: opts.label,
            changeNote: opts.note,
            format,
            content,
          });
          await services.commands.execute(documentDecider, documentStreamId(opts.slug), command, { actor: opts.actor });
          const draft = services.documents.drafts([opts.slug])[0];
          console.log(`draft ${opts.label} of ${opts.slug} saved: ${draft?.sections.length ?? 0} sections`);
          for (const s of draft?.sections ?? [])
            console.log(`${'  '.repeat(s.level - 1)}${s.number ? `${s.number} ` : ''}${s.heading}  [${s.key}]`);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          console.error(`import-document refused: ${error.message}`);
          process.exitCode = 2;
        }
      }),
    );
}
