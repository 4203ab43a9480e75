// Build step: parses the built-in knowledge base once, into dist/kb-snapshot.json.
import * as path from 'node:path';
import { writeSnapshot } from '../server/src/node/kbSnapshot';

const root = path.resolve(__dirname, '..');
writeSnapshot(path.join(root, 'corpus/entities'), path.join(root, 'dist/kb-snapshot.json'));
