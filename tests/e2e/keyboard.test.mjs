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

test('a quiz that teaches: a wrong answer says which part, hints, allows a retry; the host page hears every answer', async () => {
  const context = await browser.newContext({ viewport: { width: 900, height: 700 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  try {
    // A course page (another document) framing a quiz: input 8, kernel 3, stride 2, padding 1 -> 4x4.
    await page.goto(`${server.url}/examples/course.html`);
    await page.evaluate((src) => {
      window.__answers = [];
      window.addEventListener('message', (e) => { if (e.data && e.data.type === 'convplay:answer') window.__answers.push(e.data); });
      document.body.innerHTML = `<iframe id="q" title="quiz" src="${src}" style="width:800px;height:600px"></iframe>`;
    }, `${server.url}/index.html#embed=1&quiz=fixed&in=8&s=2`);
    const frame = await (await page.$('#q')).contentFrame();
    await frame.waitForFunction(() => window.convplay && window.convplay.getQuiz && document.getElementById('pdom')?.dataset.ready === '1');
    await frame.evaluate(() => window.convplay.ready);

    // First try, keyboard only: the height right, the width wrong.
    await frame.focus('#pdom-quiz-h');
    await page.keyboard.type('4');
    await page.keyboard.press('Tab');
    await page.keyboard.type('5');
    await page.keyboard.press('Enter');
    await frame.waitForFunction(() => /^Not yet/.test(document.getElementById('pdom-verdict')?.textContent || ''));
    const first = await frame.evaluate(() => window.convplay.getQuiz());
    assert.match(first.verdict, /The height is right, the width is not\. 1 try left\./);
    assert.match(first.hint, /^Hint: Conv2d gives/);
    assert.equal(first.answered, false);
    assert.equal(first.working.length, 0, 'the answer is not shown yet');
    assert.equal(await frame.evaluate(() => window.convplay.getScene().grids.some((g) => g.name === 'output')), false);
    await page.waitForFunction(() => window.__answers.length === 1);
    assert.deepEqual(await page.evaluate(() => window.__answers[0]),
      { type: 'convplay:answer', correct: false, tries: 1, finished: false, question: first.question });

    // Second try, wrong again: out of tries, the answer shows with the formula.
    await frame.focus('#pdom-quiz-h');
    await page.keyboard.type('3');
    await page.keyboard.press('Tab');
    await page.keyboard.type('3');
    await page.keyboard.press('Enter');
    await frame.waitForFunction(() => /^Not quite/.test(document.getElementById('pdom-verdict')?.textContent || ''));
    const last = await frame.evaluate(() => window.convplay.getQuiz());
    assert.match(last.verdict, /the output is 4 \u00d7 4/);
    assert.ok(last.working.some((l) => /= 4/.test(l)), last.working.join(' | '));
    await page.waitForFunction(() => window.__answers.length === 2);
    assert.deepEqual(await page.evaluate(() => window.__answers[1]),
      { type: 'convplay:answer', correct: false, tries: 2, finished: true, question: first.question });
    assert.equal(await frame.evaluate(() => window.convplay.getScene().grids.some((g) => g.name === 'output')), true);
    await screenshot(page, 'quiz-out-of-tries');
  } finally { await context.close(); }
});

test('keyboard only, the rest of the controls: groups, kernel weights, padding per side, a pool\'s rounding, padding count and divisor, image mode\'s', async () => {
  const conv = await openPage(`${server.url}/index.html#cin=2&cout=2`);
  try {
    const { page } = conv;
    await tabTo(page, /^Groups$/);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => window.convplay.getState().g === '2');
    await tabTo(page, /^Kernel weights$/);
    await page.keyboard.press('ArrowDown');  // none -> the next named kernel
    await page.waitForFunction(() => (window.convplay.getState().kp || 'none') !== 'none');
    // Padding: "a number per side" shows four ranges, written as p=top,bottom,left,right.
    await tabTo(page, /^Padding rule$/);
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => document.querySelector('#pdom .pdom-row[data-kind="sides"]'));
    assert.equal(await page.evaluate(() => document.querySelector('#pdom .pdom-row[data-key="p"] select').value), 'sides');
    await tabTo(page, /^Padding per side top$/);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => window.convplay.getState().p === '2,1,1,1');
    await tabTo(page, /^Padding per side right$/);
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => window.convplay.getState().p === '2,1,1,0');
    const g = await page.evaluate(() => window.convplay.getGeometry());
    assert.deepEqual(g.padded, [10, 8], 'input 7 padded by 2+1 rows and 1+0 columns');
    assert.deepEqual(conv.problems, []);
  } finally { await conv.close(); }

  const pool = await openPage(`${server.url}/index.html#op=avgpool&in=6&k=3&s=2&p=1`);
  try {
    const { page } = pool;
    await tabTo(page, /^Round the output size up/);
    await page.keyboard.press('Space');
    await page.waitForFunction(() => window.convplay.getState().ceil === '1');
    await tabTo(page, /^Count padding in the average/);
    const cip = await page.evaluate(() => window.convplay.getState().cip);
    await page.keyboard.press('Space');
    await page.waitForFunction((was) => window.convplay.getState().cip !== was, cip);
    await tabTo(page, /^Divisor/);
    await page.keyboard.press('End');
    await page.waitForFunction(() => window.convplay.getState().div === '100');
    await page.keyboard.press('Home');
    await page.waitForFunction(() => (window.convplay.getState().div || 'none') === 'none');
    assert.deepEqual(pool.problems, []);
  } finally { await pool.close(); }

  const image = await openPage(`${server.url}/index.html#view=image&cout=2`);
  try {
    const { page } = image;
    await tabTo(page, /^Picture$/);
    const picture = await page.evaluate(() => window.convplay.getState().img || 'card');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction((was) => (window.convplay.getState().img || 'card') !== was, picture);
    await tabTo(page, /^Colours$/);
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => window.convplay.getState().cin === '3');
    await tabTo(page, /^Output channel shown$/);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => window.convplay.getState().och === '1');
    await tabTo(page, /^Colour scale$/);
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => window.convplay.getState().scale === 'full');
    // And back to the cells, from the same select that left them.
    await page.evaluate(() => document.querySelector('#pdom .pdom-row[data-key="view"] select').focus());
    await page.keyboard.press('ArrowUp');
    await page.waitForFunction(() => (window.convplay.getState().view || 'cells') === 'cells');
    assert.deepEqual(image.problems, []);
  } finally { await image.close(); }
});
