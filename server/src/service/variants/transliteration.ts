// Two spellings that differ only as romanization systems differ (Trotsky, Trotski, Trotzki;
// Bajanov, Bazhanov; Koutepov, Kutepov) are the same name written another way, not a garble.
// Doubled letters, digits, Cyrillic letters and OCR's rn-for-m are not such differences.

const RULES: [RegExp, string][] = [
  [/shch|sch|sh|ch|tch|tsch|c(?=h)/g, 'S'],
  [/zh|j(?=[aeiou])|g(?=e)/g, 'Z'],
  [/kh|ch(?=[^aeiou])|h/g, 'H'],
  [/ts|tz|c(?=[ei])/g, 'C'],
  [/ck|k|c|q/g, 'k'],
  [/ou|oo/g, 'u'],
  [/w|ff$|v$/g, 'v'],
  [/([^aeiou])[iy]([aeiou])/g, '$1$2'],
  [/^[iyj]([aeiou])/g, '$1'],
  [/(?:ii|iy|yi|ij|i|y)$/g, 'y'],
  [/([aeiouy])ss(?=[aeiouy])/g, '$1s'],
  [/([^aeiouy])e$/g, '$1'],
  [/y/g, 'i'],
];

function romanizationKey(word: string): string | undefined {
  const lower = word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/['’\s-]/g, '');
  if (!/^[a-z]+$/.test(lower)) return undefined;
  let s = lower;
  for (const [re, to] of RULES) s = s.replace(re, to);
  return s;
}

/** Whether two spellings differ only as systems of romanization differ. */
export function sameRomanization(a: string, b: string): boolean {
  const ka = romanizationKey(a);
  return ka !== undefined && ka === romanizationKey(b);
}

/** What makes a spelling with the right sounds a garble all the same, in words. */
export function visibleCorruptions(written: string, target: string): string[] {
  const out: string[] = [];
  if (/[01|]/.test(written)) out.push('a digit for a letter, as OCR reads it');
  if (/[\u0400-\u04FF]/.test(written) && /[a-z]/i.test(written)) out.push('a Cyrillic letter inside a Latin word');
  if (/rn/.test(written) && !/rn/.test(target) && /m/.test(target)) out.push('rn for m, as OCR reads it');
  if (/cl/.test(written) && !/cl/.test(target) && /d/.test(target)) out.push('cl for d, as OCR reads it');
  const doubles = (s: string) => (s.toLowerCase().match(/([a-z])\1/g) ?? []).join();
  if (doubles(written) !== doubles(target)) out.push('a letter doubled or undoubled');
  return out.length ? out : ['the same sounds, spelled otherwise'];
}
