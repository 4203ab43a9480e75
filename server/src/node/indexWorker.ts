// A worker thread of the corpus indexer: its own language service, files in, summaries out.
import { parentPort, workerData } from 'node:worker_threads';
import { createLanguageService } from '../service';
import { readTextFile, toUri } from './files';
import type { FileSummary, WorkerSetup } from './indexProtocol';
import { loadLexicon } from './lexicon';

const setup = workerData as WorkerSetup;
const service = createLanguageService([], { lexicon: loadLexicon(), keepParagraphScans: false, parsedEntityFiles: setup.parsed });

parentPort!.on('message', async (file: string) => {
  const read = await readTextFile(file, setup.maxFileSize);
  const summary: FileSummary = { path: file, bytes: 0, mentions: 0, entities: {}, diagnostics: {} };
  if (!read.ok) {
    summary.skipped = read.reason;
  } else {
    const uri = toUri(file);
    summary.bytes = Buffer.byteLength(read.text);
    service.updateSource({ uri, version: read.mtime, text: read.text });
    const analysis = service.analysis(uri)!;
    summary.mentions = analysis.mentions.length;
    for (const m of analysis.mentions) if (m.resolution !== 'ambiguous') summary.entities[m.entityId] = (summary.entities[m.entityId] ?? 0) + 1;
    for (const d of service.diagnostics(uri)) summary.diagnostics[d.code] = (summary.diagnostics[d.code] ?? 0) + 1;
    service.removeSource(uri);
  }
  parentPort!.postMessage(summary);
});
