// a11y-dom.js — the parallel DOM (PhET's pattern): real HTML beside the canvas,
// built from the same state and scene the canvas draws, for keyboards and
// screen readers. Loaded by web/a11y.js once the first frame is drawn (attach(ctx)).
//
//   heading + summary     the page's title and the figure in words (#describe)
//   controls              the viewed layer's controls (cp_app_controls) as range
//                         inputs, selects and checkboxes with labels, values and
//                         units; they write the state through the codec (setState)
//   step-through          buttons: first, back, play/pause, forward, last
//   figure                each grid of the scene as an ARIA grid: arrow keys
//                         move cell by cell, each cell says what it is and why
//                         (cp_app_cell_words); Enter on an output cell pins it
//   formula               the output size worked out, as text
//   quiz                  the question, two number inputs, Check, the verdict
//
// The section is visually hidden until focus enters it; then it shows as a
// panel over the canvas, so no invisible element ever holds the focus, and a
// ring on the canvas marks the control or cell that has it. The codec stays
// the only way in: locked keys (lock=) are disabled here as on the canvas.
//
// window.convplay gains (for scripts, tests and assistive tools):
//   getControls()          the viewed layer's controls (and image mode's): [{key, label, help, kind, min, max,
//                          h, w | value | sides, locked}], kind pair, int, select, check or sides
//   describeCell(g, r, c)  grid 'source' | 'output' | 'kernel', 0-based row and column -> the cell in words
//   getTooltip()           the tooltip on the canvas: {text, x, y, w, h} in CSS pixels, or null
//   getTouch()             the touch gesture under way (src/app/app_touch.cpp): none, pending, scroll, hold, drag
//   getFormula()           the output size worked out, as lines of text ([] while a quiz hides it)
//   getQuiz()              {on, question, answered, right, retry, tries, triesLeft, hint, verdict, general, working, notes}
//   answerQuiz(h, w)       answers as the quiz's Check does; resolves to getQuiz() once it is on screen
//
// [SECTION] Helpers
// [SECTION] Controls
// [SECTION] Step-through
// [SECTION] Figure grid
// [SECTION] Formula and quiz
// [SECTION] Focus ring on the canvas
// [SECTION] attach

// [SECTION] Helpers

import { el } from './dom.js';
const TIMES = '\u00d7';
const MAX_GRID_CELLS = 2500;
const GRID_TITLES = { source: 'Input (padded)', output: 'Output', kernel: 'Kernel' };
let uid = 0;

// [SECTION] Controls

// What a control's number counts, for its spoken and shown value.
function unitOf(key) {
  if (key === 'cin' || key === 'cout') return (n) => (n === 1 ? 'channel' : 'channels');
  if (key === 'g') return (n) => (n === 1 ? 'group' : 'groups');
  if (key === 'och') return (n) => (n === 0 ? '(the first)' : '');
  if (key === 'div') return (n) => (n === 0 ? '(none: the cell count)' : '');
  return (n) => (n === 1 ? 'cell' : 'cells');
}

// One control row. `set(text)` writes the key through the codec.
function controlRow(c, set) {
  const id = `pdom-${c.key}-${++uid}`;
  const row = el('div', { class: 'pdom-row', 'data-key': c.key, 'data-kind': c.kind });
  const lockNote = c.locked ? ' (locked by the page this is embedded in)' : '';
  const help = el('span', { class: 'pdom-help', id: `${id}-help`, text: c.help + lockNote });
  if (c.kind === 'select') {
    const select = el('select', { id, 'aria-describedby': `${id}-help`, disabled: c.locked });
    for (const [token, label] of c.options) select.append(el('option', { value: token, text: label }));
    select.value = c.value;
    select.addEventListener('change', () => set(select.value));
    row.append(el('label', { for: id, text: c.label }), select, help);
    return row;
  }
  if (c.kind === 'check') {
    const box = el('input', { type: 'checkbox', id, 'aria-describedby': `${id}-help`, disabled: c.locked });
    box.checked = !!c.value;
    box.addEventListener('change', () => set(box.checked ? '1' : '0'));
    row.append(box, el('label', { for: id, text: c.label }), help);
    return row;
  }
  if (c.kind === 'sides') {  // four ranges, written together as p=top,bottom,left,right
    const label = el('span', { class: 'pdom-label', id: `${id}-label`, text: c.label });
    row.append(label);
    const inputs = [];
    ['top', 'bottom', 'left', 'right'].forEach((word, i) => {
      const input = el('input', {
        type: 'range', id: `${id}-${word}`, min: c.min, max: c.max, step: 1, value: c.sides[i],
        'aria-labelledby': `${id}-label ${id}-${word}-word`, 'aria-describedby': `${id}-help`, disabled: c.locked,
        'data-side': word,
      });
      const shown = () => `${input.value} ${Number(input.value) === 1 ? 'cell' : 'cells'}`;
      input.setAttribute('aria-valuetext', shown());
      const output = el('output', { for: input.id, text: shown() });
      input.addEventListener('input', () => {
        input.setAttribute('aria-valuetext', shown());
        output.textContent = shown();
        set(inputs.map((x) => x.value).join(','));
      });
      inputs.push(input);
      row.append(el('span', { class: 'pdom-axis', id: `${id}-${word}-word`, text: word }), input, output);
    });
    row.append(help);
    return row;
  }
  // A range per axis while height and width differ; one for both while equal.
  const pair = c.kind === 'pair';
  const axes = pair && c.h !== c.w ? [['h', 'height'], ['w', 'width']] : [['v', '']];
  const values = { h: pair ? c.h : c.value, w: pair ? c.w : c.value, v: pair ? c.h : c.value };
  const unit = unitOf(c.key);
  const label = el('span', { class: 'pdom-label', id: `${id}-label`, text: c.label });
  row.append(label);
  for (const [axis, word] of axes) {
    const input = el('input', {
      type: 'range', id: `${id}-${axis}`, min: c.min, max: c.max, step: 1, value: values[axis],
      'aria-labelledby': `${id}-label${word ? ` ${id}-${axis}-word` : ''}`, 'aria-describedby': `${id}-help`,
      disabled: c.locked,
    });
    const shown = () => {
      const n = Number(input.value);
      return `${pair && axis === 'v' ? `${n} ${TIMES} ${n}` : n} ${unit(n)}`.trim();
    };
    input.setAttribute('aria-valuetext', shown());
    const output = el('output', { for: input.id, text: shown() });
    input.addEventListener('input', () => {
      input.setAttribute('aria-valuetext', shown());
      output.textContent = shown();
      if (axis === 'v') set(input.value);
      else {
        const other = row.querySelector(`input[data-axis="${axis === 'h' ? 'w' : 'h'}"]`);
        set(axis === 'h' ? `${input.value}x${other.value}` : `${other.value}x${input.value}`);
      }
    });
    input.dataset.axis = axis;
    if (word) row.append(el('span', { class: 'pdom-axis', id: `${id}-${axis}-word`, text: word }));
    row.append(input, output);
  }
  row.append(help);
  return row;
}

// The padding rule's select and the padding's numbers share the key p: one
// number per axis while the rule is "a number of cells", four while it is
// "a number per side" (chosen here, it stays so until another rule is chosen,
// even while the four are still equal), none for a rule.
function paddingShown(controls, sidesChosen) {
  const rule = controls.find((c) => c.key === 'p' && c.kind === 'select');
  const sides = rule && (rule.value === 'sides' || (rule.value === 'explicit' && sidesChosen));
  return (c) => c.key !== 'p' || c.kind === 'select' || (c.kind === 'sides' ? sides : !rule || (rule.value === 'explicit' && !sides));
}
// The rule's select says "a number per side" while the four are shown.
const asShown = (controls, sidesChosen) => controls.map((c) => (c.key === 'p' && c.kind === 'select' && sidesChosen &&
  c.value === 'explicit' ? { ...c, value: 'sides' } : c));
function renderControls(box, controls, set, sidesChosen, chooseSides) {
  box.replaceChildren(el('h2', { text: 'Controls' }));
  const shown = paddingShown(controls, sidesChosen);
  const sides = controls.find((c) => c.key === 'p' && c.kind === 'sides');
  for (const c of asShown(controls, sidesChosen)) {
    if (!shown(c)) continue;
    box.append(controlRow(c, (text) => {
      if (c.kind === 'select' && c.key === 'p') {
        chooseSides(text === 'sides');
        if (text === 'sides') return set('p', sides ? sides.sides.join(',') : '0');
        if (text === 'explicit') return set('p', sides ? `${sides.sides[0]}x${sides.sides[2]}` : '0');
      }
      return set(c.key, text);
    }));
  }
}

// Refreshes values in place while the key set is the same (the focused control keeps its focus).
function signature(controls, sidesChosen) {
  const shown = paddingShown(controls, sidesChosen);
  return JSON.stringify(controls.filter(shown).map((c) => [c.key, c.kind, c.locked, c.kind === 'pair' ? c.h === c.w : 0,
    c.kind === 'select' ? c.options.map((o) => o[0]).join() : 0]));
}
function updateControls(box, controls, sidesChosen) {
  for (const c of asShown(controls, sidesChosen)) {
    const row = box.querySelector(`.pdom-row[data-key="${c.key}"][data-kind="${c.kind}"]`);
    if (!row) continue;
    if (c.kind === 'select') { const s = row.querySelector('select'); if (s && document.activeElement !== s) s.value = c.value; }
    else if (c.kind === 'check') row.querySelector('input').checked = !!c.value;
    else if (c.kind === 'sides') {
      row.querySelectorAll('input[type=range]').forEach((input, i) => {
        if (document.activeElement === input || Number(input.value) === c.sides[i]) return;
        input.value = c.sides[i];
        const text = `${c.sides[i]} ${c.sides[i] === 1 ? 'cell' : 'cells'}`;
        input.setAttribute('aria-valuetext', text);
        const out = row.querySelector(`output[for="${input.id}"]`);
        if (out) out.textContent = text;
      });
    } else {
      for (const input of row.querySelectorAll('input[type=range]')) {
        if (document.activeElement === input) continue;
        const v = c.kind === 'pair' ? (input.dataset.axis === 'w' ? c.w : c.h) : c.value;
        if (Number(input.value) !== v) { input.value = v; input.dispatchEvent(new Event('refresh')); }
        const out = row.querySelector(`output[for="${input.id}"]`);
        const n = Number(input.value);
        const text = `${c.kind === 'pair' && input.dataset.axis === 'v' ? `${n} ${TIMES} ${n}` : n} ${unitOf(c.key)(n)}`.trim();
        input.setAttribute('aria-valuetext', text);
        if (out) out.textContent = text;
      }
    }
  }
}

// [SECTION] Step-through

function renderSteps(box, api, figure) {
  const status = el('p', { class: 'pdom-step-status', 'aria-live': 'polite' });
  const button = (text, label, onclick, widget) => el('button', { type: 'button', 'aria-label': label, text, onclick, 'data-widget': widget });
  const go = (step) => api.setState({ step, play: 0 });
  const state = () => { const s = figure(); return { step: s.step, steps: s.steps }; };
  const play = button('Play', 'Play the step-through', () => {
    const playing = api.getState().play === '1';
    api.setState({ play: playing ? 0 : 1 });
  }, 'step.play');
  box.replaceChildren(
    el('h2', { text: 'Step through the output' }),
    el('div', { class: 'pdom-buttons', role: 'group', 'aria-label': 'Step-through' },
      button('First', 'First step', () => go(0)),
      button('Back', 'Previous step', () => { const s = state(); go((s.step + s.steps - 1) % s.steps); }, 'step.prev'),
      play,
      button('Next', 'Next step', () => { const s = state(); go((s.step + 1) % s.steps); }, 'step.next'),
      button('Last', 'Last step', () => { const s = state(); go(s.steps - 1); })),
    status);
  return { status, play };
}

// [SECTION] Figure grid

// One ARIA grid per scene grid. Cells carry a short text (the value); the
// full sentence is set as the label of the cell that takes the focus.
function renderGrid(grid, words, onFocusCell, onActivate) {
  const table = el('div', {
    role: 'grid', class: 'pdom-grid', 'aria-label': `${GRID_TITLES[grid.name] || grid.name}, ${grid.rows} by ${grid.cols} cells`,
    'aria-rowcount': grid.rows, 'aria-colcount': grid.cols, 'data-grid': grid.name,
  });
  const cells = [];
  for (let r = 0; r < grid.rows; r++) {
    const row = el('div', { role: 'row', 'aria-rowindex': r + 1 });
    for (let c = 0; c < grid.cols; c++) {
      const v = grid.values[r * grid.cols + c];
      const cell = el('div', {
        role: 'gridcell', tabindex: r === 0 && c === 0 ? 0 : -1, 'aria-colindex': c + 1,
        'data-r': r, 'data-c': c, text: v == null ? '' : String(v),
      });
      row.append(cell);
      cells.push(cell);
    }
    table.append(row);
  }
  const at = (r, c) => cells[r * grid.cols + c];
  const focusCell = (r, c) => {
    r = Math.max(0, Math.min(grid.rows - 1, r));
    c = Math.max(0, Math.min(grid.cols - 1, c));
    const cell = at(r, c);
    for (const other of table.querySelectorAll('[role=gridcell][tabindex="0"]')) other.setAttribute('tabindex', '-1');
    cell.setAttribute('tabindex', '0');
    cell.setAttribute('aria-label', words(grid.name, r, c));
    cell.focus();
  };
  table.addEventListener('focusin', (e) => {
    const cell = e.target.closest('[role=gridcell]');
    if (!cell) return;
    const r = Number(cell.dataset.r), c = Number(cell.dataset.c);
    if (!cell.hasAttribute('aria-label')) cell.setAttribute('aria-label', words(grid.name, r, c));
    onFocusCell(grid, r, c);
  });
  table.addEventListener('keydown', (e) => {
    const cell = e.target.closest('[role=gridcell]');
    if (!cell) return;
    const r = Number(cell.dataset.r), c = Number(cell.dataset.c);
    const moves = {
      ArrowUp: [r - 1, c], ArrowDown: [r + 1, c], ArrowLeft: [r, c - 1], ArrowRight: [r, c + 1],
      Home: e.ctrlKey ? [0, 0] : [r, 0], End: e.ctrlKey ? [grid.rows - 1, grid.cols - 1] : [r, grid.cols - 1],
      PageUp: [0, c], PageDown: [grid.rows - 1, c],
    };
    if (moves[e.key]) {
      e.preventDefault();
      focusCell(...moves[e.key]);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onActivate(grid, r, c);
      cell.setAttribute('aria-label', words(grid.name, r, c));
    }
  });
  const first = cells[0];
  if (first) first.setAttribute('aria-label', words(grid.name, 0, 0));
  return table;
}

// [SECTION] Formula and quiz

function renderQuiz(box, quiz, answer, newQuestion) {
  box.replaceChildren(el('h2', { text: 'Quiz: what size is the output?' }), el('p', { text: quiz.question }));
  if (!quiz.answered) {
    if (quiz.retry) {  // which part was wrong, a hint, the tries left; then the boxes again
      box.append(el('p', { class: 'pdom-wrong', role: 'status', id: 'pdom-verdict', text: quiz.verdict }));
      if (quiz.hint) box.append(el('p', { class: 'pdom-mono', text: quiz.hint }));
    }
    const h = el('input', { type: 'number', id: 'pdom-quiz-h', min: 0, max: 999, inputmode: 'numeric', 'data-widget': 'quiz.h' });
    const w = el('input', { type: 'number', id: 'pdom-quiz-w', min: 0, max: 999, inputmode: 'numeric', 'data-widget': 'quiz.w' });
    const form = el('form', { class: 'pdom-quiz' },
      el('label', { for: 'pdom-quiz-h', text: 'Output height' }), h,
      el('label', { for: 'pdom-quiz-w', text: 'Output width' }), w,
      el('button', { type: 'submit', text: 'Check', 'data-widget': 'quiz.check' }));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (h.value === '' || w.value === '') { (h.value === '' ? h : w).focus(); return; }
      answer(Number(h.value), Number(w.value));
    });
    box.append(form);
  } else {
    box.append(el('p', { class: quiz.right ? 'pdom-right' : 'pdom-wrong', role: 'status', id: 'pdom-verdict', text: quiz.verdict }));
    if (quiz.general) box.append(el('p', { class: 'pdom-mono', text: quiz.general }));
    for (const line of quiz.working) box.append(el('p', { class: 'pdom-mono', text: line }));
    for (const line of quiz.notes) box.append(el('p', { text: line }));
  }
  if (quiz.newQuestion) box.append(el('button', { type: 'button', text: 'New question', onclick: newQuestion }));
}

// [SECTION] Focus ring on the canvas

// A ring drawn over the canvas where the focused control or cell is drawn
// (the app notes where it drew them: getWidgets), so a sighted keyboard
// user sees on the figure what has the focus.
function makeRing(stage) {
  const ring = el('div', { id: 'pdom-ring', 'aria-hidden': 'true' });
  stage.append(ring);
  return {
    show(x, y, w, h) {
      Object.assign(ring.style, { left: `${x - 3}px`, top: `${y - 3}px`, width: `${w + 6}px`, height: `${h + 6}px` });
      ring.classList.add('on');
    },
    hide() { ring.classList.remove('on'); },
  };
}

// [SECTION] attach

export function attach(ctx) {
  const { api, call, app, canvas, onState } = ctx;
  const root = document.getElementById('pdom');
  const stage = document.getElementById('stage');
  if (!root || !stage) return;
  const json = (name) => JSON.parse(call(name));
  // The scene's grids, each with `numbered` (a number per cell); the numbers
  // only of grids small enough to walk (app_bridge.cpp cp_app_scene_cells).
  const figure = () => {
    const { scene, numbered } = JSON.parse(call('cp_app_scene_cells', MAX_GRID_CELLS));
    scene.grids.forEach((g, i) => { g.numbered = numbered[i]; });
    return scene;
  };
  const words = (grid, r, c) => {
    const bytes = app.lengthBytesUTF8(grid) + 1;
    const ptr = app._malloc(bytes);
    try { app.stringToUTF8(grid, ptr, bytes); return app.UTF8ToString(app._cp_app_cell_words(ptr, r, c)); } finally { app._free(ptr); }
  };
  api.getControls = () => json('cp_app_controls');
  api.getQuiz = () => json('cp_app_quiz');
  api.getFormula = () => json('cp_app_formula');
  api.describeCell = (grid, r, c) => words(String(grid), r | 0, c | 0);
  api.getTooltip = () => json('cp_app_tooltip');  // {text, x, y, w, h} the last frame showed, or null
  api.getTouch = () => call('cp_app_touch');  // the touch gesture under way: none, pending, scroll, hold, drag
  // The student's answer, as the quiz panel's Check: resolves once it is on screen.
  api.answerQuiz = (h, w) => {
    const quiz = JSON.parse(app.UTF8ToString(app._cp_app_quiz_answer(h | 0, w | 0)));
    return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => { refresh(); resolve(quiz); })));
  };

  const sections = {
    controls: el('section', { class: 'pdom-controls', 'aria-label': 'Controls' }),
    steps: el('section', { class: 'pdom-steps', 'aria-label': 'Step-through' }),
    figure: el('section', { class: 'pdom-figure', 'aria-labelledby': 'pdom-figure-title' }),
    formula: el('section', { class: 'pdom-formula', 'aria-labelledby': 'pdom-formula-title' }),
    quiz: el('section', { class: 'pdom-quiz-box', 'aria-label': 'Quiz' }),
  };
  root.append(sections.quiz, sections.controls, sections.steps, sections.figure, sections.formula);
  const ring = makeRing(stage);
  const set = (key, text) => {
    const locked = (api.getState().lock || '').split(',');
    if (locked.includes(key) || locked.includes('all')) return;  // the canvas refuses them too
    api.setState({ [key]: text });
  };
  const steps = renderSteps(sections.steps, api, figure);

  let controlsSig = '', gridSig = '', quizSig = '';
  let sidesChosen = false;  // "a number per side" picked here while the four are still equal
  let focused = null;  // {grid, r, c} of the focused cell
  const widgets = () => { try { return api.getWidgets ? api.getWidgets() : JSON.parse(call('cp_app_widgets')); } catch (e) { return []; } };
  const canvasBox = () => canvas.getBoundingClientRect();
  const stageBox = () => stage.getBoundingClientRect();
  // The panel sits on the side away from what the ring marks: over the
  // controls while a figure cell has the focus, over the figure while a
  // control does (on a phone: above or below).
  const placePanel = (x, y) => {
    const narrow = innerWidth < 700;
    const side = narrow ? (y > innerHeight / 2 ? 'at-top' : 'at-bottom') : (x > innerWidth / 2 ? 'at-left' : 'at-right');
    for (const c of ['at-top', 'at-bottom', 'at-left', 'at-right']) root.classList.toggle(c, c === side);
  };
  const placeRing = () => {
    const active = document.activeElement;
    if (!active || !root.contains(active)) { ring.hide(); return; }
    const show = ring.show;
    ring.show = (x, y, w, h) => { show(x, y, w, h); placePanel(x + w / 2, y + h / 2); ring.show = show; };
    const offset = { x: canvasBox().left - stageBox().left, y: canvasBox().top - stageBox().top };
    const cell = active.closest('[role=gridcell]');
    const list = widgets();
    if (cell && focused) {
      const fig = list.find((w) => w.id === 'figure.cells');
      const g = figure().grids.find((x) => x.name === focused.grid);
      if (fig && g) { ring.show(offset.x + fig.x + (g.x + focused.c) * fig.w, offset.y + fig.y + (g.y + focused.r) * fig.w, fig.w, fig.w); return; }
    }
    // A control's canvas twin: its codec key (a layer control) or its widget id (step and quiz buttons).
    const row = active.closest('[data-widget], .pdom-row');
    const id = row && (row.dataset.widget || row.dataset.key);
    const w = id && list.find((x) => x.id === id);
    if (w && w.w > 0) { ring.show(offset.x + w.x, offset.y + w.y, w.w, w.h); return; }
    ring.show = show;
    ring.hide();
    placePanel(innerWidth, innerHeight);  // nothing marked on the canvas: keep the figure (right, or below) in view
  };

  // After every change (convplay.js onState: the text and the state's keys,
  // asked once for every listener), and after the parallel DOM's own actions.
  const refresh = (text, stateNow) => {
    const state = stateNow ? stateNow() : api.getState();
    // The page's own colours follow the link's theme, as the canvas does.
    if (state.theme === 'light' || state.theme === 'dark') document.documentElement.dataset.theme = state.theme;
    else delete document.documentElement.dataset.theme;
    const embedded = state.embed === '1';
    const shown = (state.show || '').split(',');
    const controls = json('cp_app_controls');
    const showControls = !embedded || shown.includes('controls');
    sections.controls.hidden = !showControls;
    if (showControls) {
      const sig = signature(controls, sidesChosen);
      if (sig !== controlsSig) {
        const hadFocus = sections.controls.contains(document.activeElement) && document.activeElement.closest('.pdom-row');
        const key = hadFocus ? `[data-key="${hadFocus.dataset.key}"][data-kind="${hadFocus.dataset.kind}"]` : null;
        renderControls(sections.controls, controls, set, sidesChosen, (on) => {
          if (on === sidesChosen) return;
          sidesChosen = on;
          queueMicrotask(refresh);  // (four equal sides are no change to the state: nothing else would redraw)
        });
        controlsSig = sig;
        if (key) { const again = sections.controls.querySelector(`.pdom-row${key} input, .pdom-row${key} select`); if (again) again.focus(); }
      } else updateControls(sections.controls, controls, sidesChosen);
    }

    const scene = figure();
    sections.steps.hidden = !(scene.steps > 0);
    if (scene.steps > 0) {
      const playing = state.play === '1';
      steps.play.textContent = playing ? 'Pause' : 'Play';
      steps.play.setAttribute('aria-label', playing ? 'Pause the step-through' : 'Play the step-through');
      const g = api.getGeometry();
      const text = g.current ? `Step ${scene.step + 1} of ${scene.steps}: output row ${g.current.out[0] + 1}, column ${g.current.out[1] + 1}.` : '';
      if (!playing && steps.status.textContent !== text) steps.status.textContent = text;
    }

    // A grid of up to 2500 cells (50 x 50) becomes cells a reader walks; a
    // larger one is named with its size (tens of thousands of elements per
    // change would stall the page; the summary and the formula say its sizes).
    const all = scene.error ? [] : scene.grids.filter((g) => g.numbered);
    const grids = all.filter((g) => g.rows * g.cols <= MAX_GRID_CELLS);
    const large = all.filter((g) => g.rows * g.cols > MAX_GRID_CELLS);
    const sig = JSON.stringify(all.map((g) => [g.name, g.rows, g.cols]));
    if (sig !== gridSig) {
      gridSig = sig;
      const title = el('h2', { id: 'pdom-figure-title', text: 'The figure, cell by cell' });
      const hint = el('p', { class: 'pdom-help', text: 'Arrow keys move cell by cell; Enter on an output cell pins its window.' });
      sections.figure.replaceChildren(title, hint, ...large.map((g) => el('p', {
        text: `${GRID_TITLES[g.name] || g.name}: ${g.rows} ${TIMES} ${g.cols}, too many cells to walk one by one here.` })),
      ...grids.map((g) => el('div', { class: 'pdom-grid-box' },
        el('h3', { text: `${GRID_TITLES[g.name] || g.name}: ${g.rows} ${TIMES} ${g.cols}` }),
        renderGrid(g, words, (grid, r, c) => { focused = { grid: grid.name, r, c }; requestAnimationFrame(placeRing); },
          (grid, r, c) => { if (grid.name === 'output') { const pin = api.getState().pin === `${r}.${c}` ? 'none' : `${r}.${c}`; api.setState({ pin }); } }))));
      focused = null;
    } else {
      // Values change with the state: the short texts follow.
      for (const g of grids) {
        const table = sections.figure.querySelector(`[data-grid="${g.name}"]`);
        if (!table) continue;
        const cells = table.querySelectorAll('[role=gridcell]');
        cells.forEach((cell, i) => {
          const v = g.values[i];
          const text = v == null ? '' : String(v);
          if (cell.textContent !== text) cell.textContent = text;
          if (cell !== document.activeElement) cell.removeAttribute('aria-label');
        });
        const first = table.querySelector('[role=gridcell][tabindex="0"]');
        if (first && first !== document.activeElement) first.setAttribute('aria-label', words(g.name, Number(first.dataset.r), Number(first.dataset.c)));
      }
      if (focused && sections.figure.contains(document.activeElement)) {
        document.activeElement.setAttribute('aria-label', words(focused.grid, focused.r, focused.c));
      }
    }

    const formula = json('cp_app_formula');
    sections.formula.replaceChildren(el('h2', { id: 'pdom-formula-title', text: 'The output size, worked out' }),
      ...(formula.length ? formula.map((line) => el('p', { class: 'pdom-mono', text: line }))
        : [el('p', { text: 'Hidden until the quiz is answered.' })]));

    const quiz = json('cp_app_quiz');
    sections.quiz.hidden = !quiz.on;
    if (quiz.on) {
      const qsig = JSON.stringify([quiz.question, quiz.answered, quiz.verdict, quiz.tries]);
      if (qsig !== quizSig) {
        const inQuiz = sections.quiz.contains(document.activeElement);
        quizSig = qsig;
        renderQuiz(sections.quiz, quiz, (h, w) => api.answerQuiz(h, w), () => {
          api.setState({ qseed: Number(api.getState().qseed || 0) + 1 });
        });
        if (inQuiz) {
          const next = sections.quiz.querySelector('#pdom-verdict, input, button');
          if (next) { if (next.id === 'pdom-verdict') next.setAttribute('tabindex', '-1'); next.focus(); }
        }
      }
    }
    requestAnimationFrame(placeRing);
  };

  refresh();
  onState(refresh);
  root.addEventListener('focusin', () => requestAnimationFrame(placeRing));
  root.addEventListener('focusout', () => requestAnimationFrame(placeRing));
  window.addEventListener('resize', () => requestAnimationFrame(placeRing));

  // Focus inside an embed brings the embed into view on the host page.
  let framed = false;
  try { framed = window.parent !== window; } catch (e) { framed = true; }
  if (framed) {
    // (#stage is position: fixed, which scrollIntoView skips: scroll the frame
    // element itself where the host is same-origin, else the document, which
    // the browser carries up to the host page.)
    document.addEventListener('focusin', () => {
      try {
        const frame = window.frameElement;
        if (frame) frame.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        else document.documentElement.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      } catch (e) {
        try { document.documentElement.scrollIntoView({ block: 'nearest', inline: 'nearest' }); } catch (e2) { /* the host scrolls itself */ }
      }
    });
  }

  // prefers-reduced-motion: no autoplay, and a step-through that was asked
  // to play stays still until the reader presses Play.
  const still = window.matchMedia ? window.matchMedia('(prefers-reduced-motion: reduce)') : null;
  if (still && still.matches && api.getState().play === '1') api.setState({ play: 0 });
  root.dataset.ready = '1';
}
