// Prints the Bazhanov index entries as the coverage test reads them: line, P(erson) or O(ther), text.
// Run: npx tsx scripts/bazhanov-index.ts [FROM-LETTER] [TO-LETTER]
import { readIndex } from '../test/kb/bazhanovIndex';

const [from = 'A', to = 'Z'] = process.argv.slice(2);
for (const e of readIndex()) {
  const letter = e.headword[0]!;
  if (letter >= from && letter <= to) console.log(`${e.lineNumber}\t${e.person ? 'P' : 'O'}\t${e.line}`);
}
