// The UI a user meets: `npm start`'s code-server (scripts/start.mjs, with the packed .vsix
// installed) driven in Debian's Chromium by playwright-core. Every step waits on an element or an
// event, never on a timer. Screenshots go to test-artifacts/ui/.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/code-server.mjs';
import { CHAPTER, GARBLED_CHAPTER, makeWorkspace, nameLine, REPO, type Workspace } from './workspace';

const ARTIFACTS = path.join(REPO, 'test-artifacts/ui');
const SECOND = 'orlov-secret-history-067.txt';
const WAIT = { timeout: 60_000 };

let ws: Workspace;
let start: ChildProcess | undefined;
let startOutput = '';
let browser: Browser | undefined;
let page: Page;

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/** Runs a command from the command palette by its label. */
async function runCommand(label: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', ...WAIT });
  await input.fill(`>${label}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor(WAIT);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', ...WAIT });
}

/** The screen rectangle of the n-th occurrence of a word in the visible editor (Monaco renders spaces as U+00A0). */
async function wordBox(word: string, nth = 0) {
  const box = await page.evaluate(
    ({ word, nth }) => {
      // Runs in the page (the project's TypeScript has no DOM types).
      const { document, NodeFilter } = globalThis as unknown as { document: any; NodeFilter: { SHOW_TEXT: number } };
      const root = document.querySelector('.editor-group-container.active .monaco-editor .view-lines');
      if (!root) return null;
      const lines = [...root.querySelectorAll('.view-line')].sort((a: any, b: any) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
      let seen = 0;
      for (const line of lines) {
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
            if (seen++ < nth) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + word.length);
            const r = range.getBoundingClientRect();
            return { x: r.x, y: r.y, width: r.width, height: r.height };
          }
        }
      }
      return null;
    },
    { word, nth },
  );
  assert.ok(box, `‘${word}’ is not on screen`);
  return box;
}

/** A test that leaves a screenshot of the page behind when it fails. */
function uiTest(name: string, fn: () => Promise<void>): void {
  test(name, async () => {
    try {
      await fn();
    } catch (err) {
      await page?.screenshot({ path: path.join(ARTIFACTS, `failed-${name.replace(/\W+/g, '-').slice(0, 60)}.png`) }).catch(() => undefined);
      throw err;
    }
  });
}

const activeTab = () => page.locator('.editor-group-container.active .tabs-container .tab.active');

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  ws = makeWorkspace('ui'); // with a broken entity file, for the Problems panel
  // `npm start` itself, minus the build (the runner has built), on a free port with a private profile.
  start = spawn(
    process.execPath,
    [path.join(REPO, 'scripts/start.mjs'), '--code-server', '--no-build', '--port', '0', '--folder', ws.root, '--profile', path.join(ws.scratch, 'profile')],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      startOutput += d;
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+/.exec(startOutput);
      if (m) resolve(m[0]);
    };
    start!.stdout!.on('data', onData);
    start!.stderr!.on('data', (d: Buffer) => (startOutput += d));
    start!.once('exit', (code) => reject(new Error(`npm start exited (${code}) before printing an address:\n${startOutput}`)));
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor(WAIT);
});

after(async () => {
  await browser?.close();
  if (start && start.exitCode === null) {
    const exited = new Promise((r) => start!.once('exit', r));
    start.kill('SIGTERM'); // start.mjs stops code-server's whole process group
    await exited;
  }
  ws?.cleanup();
});

uiTest('a corpus file opens from the Explorer as a historical text', async () => {
  const tree = page.locator('.explorer-folders-view');
  await tree.waitFor(WAIT);
  await tree.locator('.monaco-list-row[aria-label="sources"]').click();
  await tree.locator(`.monaco-list-row[aria-label="${CHAPTER}"]`).click();
  await activeTab().filter({ hasText: CHAPTER }).waitFor(WAIT);
  await page.locator('.editor-group-container.active .monaco-editor .view-line', { hasText: 'The Secret History' }).first().waitFor(WAIT);
  await page.locator('.statusbar-item', { hasText: 'Historical text (Annalist)' }).waitFor(WAIT);
});

uiTest('the Problems panel lists the knowledge base’s error with its code', async () => {
  // The server publishes the knowledge base's diagnostics once it has read the workspace: this is
  // also the sign that hovers and jumps will answer.
  await page.keyboard.press('Control+Shift+M');
  const panel = page.locator('.markers-panel');
  const row = panel.locator('.monaco-list-row', { hasText: 'kb-invalid-field' });
  await row.waitFor(WAIT);
  const text = await row.innerText();
  assert.match(text, /type/);
  assert.match(text, /annalist/);
  await panel.locator('.monaco-list-row', { hasText: 'broken.md' }).first().waitFor(WAIT);
  await shot('problems-panel');
  await page.keyboard.press('Control+J'); // hide the panel: the hover card gets the whole editor
  await panel.waitFor({ state: 'hidden', ...WAIT });
});

uiTest('hovering a name shows the biography card', async () => {
  const box = await wordBox('Stalin');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const card = page.locator('.monaco-hover', { hasText: 'Joseph Stalin' });
  await card.waitFor({ state: 'visible', ...WAIT });
  const text = await card.innerText();
  assert.match(text, /Joseph Stalin/);
  assert.match(text, /in this document/);
  await shot('hover-card');
  await page.mouse.move(5, 450); // away, so the card closes
  await card.waitFor({ state: 'hidden', ...WAIT });
});

uiTest('F12 on a name opens its knowledge-base entry at the name line', async () => {
  const box = await wordBox('Stalin');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.keyboard.press('F12');
  await activeTab().filter({ hasText: 'stalin.md' }).waitFor(WAIT);
  const line = nameLine('stalin') + 1; // the status bar counts from 1
  await page.locator('.statusbar-item', { hasText: new RegExp(`^Ln ${line}, Col \\d+`) }).waitFor(WAIT);
  await shot('definition');
  await page.locator('.tabs-container .tab', { hasText: CHAPTER }).click();
  await activeTab().filter({ hasText: CHAPTER }).waitFor(WAIT);
});

uiTest('the Outline shows the figures of a text, in order of first appearance', async () => {
  // A text opened after the server has read the workspace (the test below is about the first one).
  await page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${SECOND}"]`).click();
  await activeTab().filter({ hasText: SECOND }).waitFor(WAIT);
  await runCommand('Explorer: Focus on Outline View');
  const outline = page.locator('.outline-pane');
  await outline.locator('.monaco-list-row', { hasText: 'Karl Radek' }).first().waitFor(WAIT);
  const rows = await outline.locator('.monaco-list-row').allInnerTexts();
  assert.match(rows[0] ?? '', /Joseph Stalin/, rows.join(' | '));
  assert.ok(rows.some((r) => /Yakov Blumkin/.test(r)), `the variant “Ilyumkin” is listed as Yakov Blumkin: ${rows.join(' | ')}`);
  assert.ok(rows.some((r) => /Leon Trotsky/.test(r)), rows.join(' | '));
  await shot('outline');
});

// VS Code keeps the document symbols it got for a document version: the server waits for its first
// reading of the workspace before answering, or the file whose opening started the extension would
// keep an empty Outline (and breadcrumbs) until edited.
uiTest('the Outline of the first text opened fills in once the server has read the workspace', async () => {
  await page.locator('.tabs-container .tab', { hasText: CHAPTER }).click();
  await activeTab().filter({ hasText: CHAPTER }).waitFor(WAIT);
  const outline = page.locator('.outline-pane');
  const rows = outline.locator('.monaco-list-row', { hasText: 'Joseph Stalin' });
  await rows.or(page.locator('.outline-pane.message .outline-message')).first().waitFor(WAIT);
  assert.ok(await rows.count(), (await outline.innerText()).replace(/\s+/g, ' '));
});

uiTest('the Problems panel lists a garbled name, and Ctrl+. then Enter applies the preferred fix', async () => {
  await page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${GARBLED_CHAPTER}"]`).click();
  await activeTab().filter({ hasText: GARBLED_CHAPTER }).waitFor(WAIT);
  const editorLines = page.locator('.editor-group-container.active .monaco-editor .view-line');
  const before = editorLines.filter({ hasText: 'Bokor did not take part' });
  await before.waitFor(WAIT);

  // The Problems panel, narrowed to the chapter's first garbled name.
  await page.keyboard.press('Control+Shift+M');
  const panel = page.locator('.markers-panel');
  await panel.waitFor(WAIT);
  const filter = page.locator('.viewpane-filter input');
  await filter.fill('Bokor');
  await panel.locator('.monaco-list-row', { hasText: 'broken.md' }).waitFor({ state: 'hidden', ...WAIT });
  const row = panel.locator('.monaco-list-row', { hasText: '‘Bokor’ is probably Karl Pauker' }).filter({ hasText: 'Ln 7, Col 1' });
  await row.waitFor(WAIT);
  const text = await row.innerText();
  assert.match(text, /garbled-name/);
  assert.match(text, /annalist/);
  assert.match(text, /b\/p exchanged/);
  await shot('garbled-problem');

  // Enter on the row selects the word in the editor and gives it the focus.
  await row.click();
  await page.keyboard.press('Enter');
  await page.locator('.statusbar-item', { hasText: /^Ln 7, Col 6 \(5 selected\)$/ }).waitFor(WAIT);
  await page.locator('.editor-group-container.active .monaco-editor.focused').waitFor(WAIT);
  // The light bulb says the fixes are there. (The server's first answer in a session takes about a
  // second; a Ctrl+. pressed before it can end in “No code actions available”.)
  await page.locator('.editor-group-container.active .lightBulbWidget').waitFor({ state: 'visible', ...WAIT });

  await page.keyboard.press('Control+.');
  const menu = page.locator('.action-widget');
  const preferred = menu.locator('.monaco-list-row', { hasText: 'Replace ‘Bokor’ with ‘Pauker’' });
  await preferred.waitFor(WAIT);
  const items = await menu.locator('.monaco-list-row').allInnerTexts();
  assert.ok(items.some((t) => t.startsWith('Record ‘Bokor’ as a spelling of Karl Pauker')), items.join(' | '));
  assert.ok(items.some((t) => t.startsWith('‘Bokor’ here is not Karl Pauker')), items.join(' | '));
  await menu.locator('.monaco-list-row.focused', { hasText: 'Replace ‘Bokor’ with ‘Pauker’' }).waitFor(WAIT);
  await shot('quick-fix');
  await page.keyboard.press('Enter');
  await menu.waitFor({ state: 'hidden', ...WAIT });

  // The word changed in the editor, the rest of the line did not, and its warning is gone.
  await editorLines.filter({ hasText: 'Pauker did not take part in the preparation of the Moscow trial' }).waitFor(WAIT);
  assert.equal(await before.count(), 0);
  await row.waitFor({ state: 'hidden', ...WAIT });
  await shot('quick-fix-applied');
});
