// readme.test.mjs — the README's engine example, run as a script in plain node
// from the repository root, exactly as a reader would paste it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { pathToFileURL } from 'node:url';

import { enginePath, repo } from './helpers.mjs';

// The snippet as given to the README (keep the two identical).
const snippet = `import createEngine from './dist/convplay-engine.mjs';

const cp = await createEngine();
const x = { shape: [1, 1, 5, 5], data: Float32Array.from({ length: 25 }, (_, i) => i) };
const w = { shape: [1, 1, 3, 3], data: new Float32Array(9).fill(1) };  // sums 3x3 windows
const y = cp.conv2d(x, w, { stride: 2, padding: 1 });
console.log(y.shape, y.data);
console.log(cp.maxPool2d(x, { kernelSize: 2 }).data);  // stride defaults to kernelSize
try {
  cp.conv2d(x, w, { padding: 'same', stride: 2 });
} catch (e) {
  console.log(e.message);
}
`;

function run(source) {
    // Under CONVPLAY_ENGINE the module lives elsewhere: point the import there.
    const code = source.replace('./dist/convplay-engine.mjs', pathToFileURL(enginePath).href);
    return execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: repo, encoding: 'utf8' });
}

function check(out) {
    const text = out.replace(/\s+/g, ' ');  // node may wrap arrays over lines
    assert.match(text, /^\[ 1, 1, 3, 3 \] Float32Array\(9\) \[ 12, 27, 24, 63, 108, 81, 72, 117, 84 \]/);
    assert.match(text, /Float32Array\(4\) \[ 6, 8, 16, 18 \]/);
    assert.match(text, /conv2d: .*same/i);
}

it('the snippet runs in plain node and prints what the README says', () => check(run(snippet)));

it("the README's own copy (when present) runs too", (t) => {
    let readme = '';
    try { readme = readFileSync(`${repo}README.md`, 'utf8'); } catch { /* no README yet */ }
    const blocks = [...readme.matchAll(/```(?:js|javascript|mjs)\n([\s\S]*?)```/g)].map((m) => m[1])
        .filter((b) => b.includes('convplay-engine.mjs') && b.includes('createEngine()'));
    if (blocks.length === 0) return t.skip('README.md has no engine example yet');
    for (const b of blocks) check(run(b));
});
