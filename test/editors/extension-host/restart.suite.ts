// The language server killed mid-session: the client starts it again and the features come back.
// Runs last (suites run in name order): it replaces the server the other suites used.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { suite, test } from 'mocha';
import { CHAPTER, hover, hoverText, openSource, positionOf, serverReady } from './helpers';

/** The language servers started by this extension host (its children running the server bundle). */
function serverPids(): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(process.pid), '-f', 'server.js'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

suite('restart', () => {
  test('a killed server is started again and hovers work as before', async function () {
    this.timeout(120_000);
    await serverReady();
    const chapter = await openSource(CHAPTER);
    const at = positionOf(chapter, 'Stalin');
    assert.match(hoverText(await hover(chapter.uri, at)), /\*\*Joseph Stalin\*\*/);
    const [killed, ...others] = serverPids();
    assert.ok(killed, 'no server process found');
    assert.deepEqual(others, [], 'one server');
    process.kill(killed, 'SIGKILL');
    // The client notices the closed connection and starts a new server; no event reaches this
    // test for that, so it looks at the process table and asks until the answer is back.
    const deadline = Date.now() + 90_000;
    for (;;) {
      const now = serverPids();
      if (now.length && !now.includes(killed)) {
        const text = hoverText(await Promise.resolve(hover(chapter.uri, at)).catch(() => undefined));
        if (/\*\*Joseph Stalin\*\*/.test(text)) break;
      }
      assert.ok(Date.now() < deadline, `no working server after the kill (processes now: ${now.join(', ') || 'none'})`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
});
