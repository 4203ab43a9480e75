// Development aid: npx tsx scripts/explain.ts FILE WORD... prints every reading the garbled-name
// finder weighed for those words, and whether it accepted it.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadLexicon } from '../server/src/node/lexicon';
import { KnowledgeBase } from '../server/src/service';
import { findMentions } from '../server/src/service/recognition/mentions';
import { scanTokens, tokenize } from '../server/src/service/text/tokenize';
import { accept, type Evidence } from '../server/src/service/variants/evidence';
import { findGarbled } from '../server/src/service/variants/garbled';

const [file, ...words] = process.argv.slice(2);
if (!file) throw new Error('usage: explain.ts FILE WORD...');
const dir = path.resolve(__dirname, '../corpus/entities');
const kb = new KnowledgeBase(readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => ({ uri: pathToFileURL(path.join(dir, f)).href, text: readFileSync(path.join(dir, f), 'utf8'), layer: 'builtin' as const })));
const text = readFileSync(file, 'utf8');
const scanned = scanTokens(text);
const tokens = tokenize(text);
const known = findMentions(text, kb, scanned);
const lexicon = loadLexicon();
const seen: string[] = [];
findGarbled(scanned, known, kb, {
  lexicon,
  dismissed: () => false,
  observe: (written: string, entityId: string, e: Evidence) => {
    if (words.length && !words.some((w) => written.includes(w))) return;
    seen.push(`${accept(e) ? 'ACCEPT' : 'reject'} ${written} → ${entityId} ${JSON.stringify(e)}`);
  },
});
for (const w of words) {
  const t = tokens.find((x) => x.text.includes(w));
  console.log(`${w}: token ${t ? JSON.stringify(t.text) : 'none'}; word ${lexicon.isWord(w)} first name ${lexicon.isFirstName(w)} place ${lexicon.isPlace(w)}`);
}
console.log(seen.join('\n'));
