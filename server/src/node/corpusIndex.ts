// Indexes many files with one language service per core, for corpora too large for one thread.
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ParsedEntityFile } from '../service';
import type { FileSummary, WorkerSetup } from './indexProtocol';

export interface CorpusSummary {
  files: FileSummary[];
  jobs: number;
}

/** Runs every file through a pool of workers, biggest first so that the last ones finish together. */
export async function indexCorpus(files: { path: string; size: number }[], parsed: ParsedEntityFile[], maxFileSize: number, jobs = availableParallelism()): Promise<CorpusSummary> {
  const queue = [...files].sort((a, b) => b.size - a.size).map((f) => f.path);
  const count = Math.max(1, Math.min(jobs, queue.length));
  const setup: WorkerSetup = { parsed, maxFileSize };
  const results: FileSummary[] = [];
  await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(path.join(__dirname, 'indexWorker.js'), { workerData: setup });
        const next = () => {
          const file = queue.shift();
          if (file === undefined) {
            void worker.terminate().then(() => resolve());
            return;
          }
          worker.postMessage(file);
        };
        worker.on('message', (summary: FileSummary) => {
          results.push(summary);
          next();
        });
        worker.on('error', reject);
        next();
      }),
    ),
  );
  const order = new Map(files.map((f, i) => [f.path, i]));
  results.sort((a, b) => order.get(a.path)! - order.get(b.path)!);
  return { files: results, jobs: count };
}
