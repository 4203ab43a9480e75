// The one description of Annalist's settings, read by the client, the server and the CLI.
// package.json's contributes.configuration mirrors it; a test keeps the two in step.

export const SETTINGS_SECTION = 'annalist';

export interface AnnalistSettings {
  /** Globs, relative to a workspace folder, of the texts to read. */
  sources: string[];
  /** Globs never read as sources or entries. */
  exclude: string[];
  /** Globs of knowledge-base entity files. */
  knowledgeBase: string[];
  /** Also load the knowledge base that ships with Annalist; workspace entries with the same id win. */
  builtInKnowledgeBase: boolean;
  /** Files larger than this many bytes are skipped with a message. */
  maxFileSize: number;
  /** Which spelling an inconsistently spelled name should settle on: the document's most frequent, or the knowledge base's. */
  preferredSpelling: 'majority' | 'canonical';
}

/** The values a text setting may take. */
const CHOICES: Partial<Record<keyof AnnalistSettings, readonly string[]>> = {
  preferredSpelling: ['majority', 'canonical'],
};

export const DEFAULT_SETTINGS: AnnalistSettings = {
  sources: ['**/*.txt', '**/*.md'],
  exclude: ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/out/**'],
  knowledgeBase: ['**/entities/**/*.md'],
  builtInKnowledgeBase: true,
  maxFileSize: 10 * 1024 * 1024,
  preferredSpelling: 'majority',
};

/** Settings under the same section that only the client reads (vscode-languageclient's tracing). */
const CLIENT_ONLY = new Set(['trace']);

export interface SettingsReading {
  settings: AnnalistSettings;
  /** One sentence per setting that was ignored, naming it. */
  problems: string[];
}

/** Reads untrusted configuration: a wrong or unknown value is reported and the default used. */
export function readSettings(raw: unknown): SettingsReading {
  const settings: AnnalistSettings = { ...DEFAULT_SETTINGS };
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { settings, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { settings, problems: [`\`${SETTINGS_SECTION}\` settings must be an object; using the defaults.`] };
  }
  const known = Object.keys(DEFAULT_SETTINGS);
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (CLIENT_ONLY.has(key)) continue;
    if (!known.includes(key)) {
      problems.push(`Unknown setting \`${SETTINGS_SECTION}.${key}\` is ignored.`);
      continue;
    }
    const name = key as keyof AnnalistSettings;
    const expected = DEFAULT_SETTINGS[name];
    if (Array.isArray(expected)) {
      if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v.trim() !== '')) (settings[name] as string[]) = value;
      else problems.push(`\`${SETTINGS_SECTION}.${key}\` must be a list of glob patterns; using the default.`);
    } else if (typeof expected === 'boolean') {
      if (typeof value === 'boolean') (settings[name] as boolean) = value;
      else problems.push(`\`${SETTINGS_SECTION}.${key}\` must be true or false; using the default.`);
    } else if (typeof expected === 'string') {
      const choices = CHOICES[name] ?? [];
      if (typeof value === 'string' && choices.includes(value)) (settings[name] as string) = value;
      else problems.push(`\`${SETTINGS_SECTION}.${key}\` must be one of ${choices.map((c) => `"${c}"`).join(', ')}; using the default.`);
    } else if (typeof expected === 'number') {
      if (typeof value === 'number' && Number.isFinite(value) && value > 0) (settings[name] as number) = value;
      else problems.push(`\`${SETTINGS_SECTION}.${key}\` must be a positive number; using the default.`);
    }
  }
  return { settings, problems };
}
