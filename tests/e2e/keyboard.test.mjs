// A student's whole task with the keyboard alone, in real headless Chromium
// (no mouse event is sent): change the stride and the padding, step through,
// read an output cell's value and window from the parallel DOM, and answer a
// quiz. Every step waits on the state it changes, never on time.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, readyState, screenshot, serve } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.close(); });

async function openPage(url, size = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport: size, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  await page.goto(url);
  assert.equal(await readyState(page), 'ready');
  await page.waitForFunction(() => document.getElementById('pdom')?.dataset.ready === '1');
  return { page, problems, close: () => context.close() };
}

// What has the focus, in words: its label (a control's own, or its aria-labelledby's).
const focused = (page) => page.evaluate(() => {
  const a = document.activeElement;
  if (!a) return '';
  const by = a.getAttribute('aria-labelledby');
  const label = a.getAttribute('aria-label') || (a.labels && a.labels[0] && a.labels[0].textContent)
    || (by ? by.split(' ').map((id) => document.getElementById(id)?.textContent || '').join(' ') : '') || a.textContent;
  return label.trim();
});

// Presses Tab until `want` (a RegExp) matches the focused element's label.
async function tabTo(page, want, most = 60) {
  const seen = [];
  for (let i = 0; i < most; i++) {
    await page.keyboard.press('Tab');
    const label = await focused(page);
    seen.push(label);
    if (want.test(label)) return label;
  }
  throw new Error(`Tab never reached ${want}: ${seen.join(' | ')}`);
}

test('keyboard only: stride and padding, step through, read an output cell, answer a quiz', async () => {
  const { page, problems, close } = await openPage(`${server.url}/index.html`);
  try {
    assert.deepEqual(await page.evaluate(() => [window.convplay.getState().s, window.convplay.getState().p]), [undefined, undefined]);
    // Stride: 1 -> 2.
    await tabTo(page, /^Stride$/);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => window.convplay.getState().s === '2');
    // Padding: 1 -> 2 (the next range after the padding rule's select).
    await tabTo(page, /^Padding$/);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => window.convplay.getState().p === '2');
    const g = await page.evaluate(() => window.convplay.getGeometry());
    assert.deepEqual(g.output, [5, 5], 'input 7, kernel 3, stride 2, padding 2: 5x5');

    // Step through: Next twice.
    await tabTo(page, /^Next step$/);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.convplay.getScene().step === 1);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.convplay.getScene().step === 2);
    await page.waitForFunction(() => /Step 3 of 25/.test(document.querySelector('#pdom .pdom-step-status')?.textContent || ''));

    // The figure: the input grid, then the output grid; move to output row 2, column 3.
    await tabTo(page, /^input row 1, column 1/);
    await tabTo(page, /^output row 1, column 1/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const words = await focused(page);
    const out = await page.evaluate(() => { const v = window.convplay.getValues().output; return v.data[1 * v.shape[3] + 2]; });
    assert.ok(words.startsWith('output row 2, column 3: '), words);
    assert.ok(Math.abs(parseFloat(words.split(': ')[1].replace('\u2212', '-')) - out) < 0.01, `${words} says ${out}`);
    // Stride 2, padding 2: output row 1 (0-based) reads padded rows 2..4, column 2 reads 4..6; counted from 1.
    assert.ok(words.includes('from rows 3\u20135, columns 5\u20137 of the padded input'), words);
    // Enter pins that cell's window, as a click on the canvas does.
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.convplay.getState().pin === '1.2');
    await screenshot(page, 'keyboard-pinned-cell');
    assert.deepEqual(problems, []);
  } finally { await close(); }

  // A quiz, answered with the keyboard: input 8, kernel 3, stride 2, padding 1 -> 4x4.
  const quiz = await openPage(`${server.url}/index.html#embed=1&quiz=fixed&in=8&s=2`, { width: 640, height: 480 });
  try {
    await tabTo(quiz.page, /^Output height$/);
    await quiz.page.keyboard.type('4');
    await quiz.page.keyboard.press('Tab');
    assert.equal(await focused(quiz.page), 'Output width');
    await quiz.page.keyboard.type('4');
    await quiz.page.keyboard.press('Enter');
    await quiz.page.waitForFunction(() => /^Right/.test(document.getElementById('pdom-verdict')?.textContent || ''));
    // The verdict takes the focus, so a screen reader reads it out; the formula follows it.
    assert.equal(await quiz.page.evaluate(() => document.activeElement.id), 'pdom-verdict');
    assert.ok((await quiz.page.evaluate(() => window.convplay.getQuiz())).working.length > 0);
    assert.deepEqual(quiz.problems, []);
  } finally { await quiz.close(); }
});
