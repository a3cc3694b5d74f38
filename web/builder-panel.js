// builder-panel.js — the embed builder: a dialog over the page where a
// teacher picks what students may change (a checkbox per control group, as
// "only these" or "all but these"; the link's lock= is always the
// complement of what may change), which panels show, the quiz and its mode,
// autoplay, theme, height or autoheight, and the one origin allowed to talk to
// the frame. A live preview (the real embed in an iframe, at the chosen
// height) follows every change; Copy gives the iframe, the link or an HTML
// link. It writes only codec keys (state/formats/codec.h), and opens on the
// keys the state already has, so the builder and a hand-written link say
// the same things.
//
// [SECTION] Vocabulary
// [SECTION] Options <-> keys
// [SECTION] Dialog

// [SECTION] Vocabulary

// Control groups as a teacher names them, each the codec's lockable keys it covers.
import { el } from './dom.js';
export const GROUPS = [
  ['op', 'Operation', ['op']],
  ['input', 'Input size and values', ['in', 'cin', 'seed', 'x']],
  ['kernel', 'Kernel size and weights', ['k', 'kp', 'w', 'flip']],
  ['stride', 'Stride', ['s']],
  ['padding', 'Padding', ['p', 'pm', 'opad']],
  ['dilation', 'Dilation', ['d']],
  ['channels', 'Channels and groups', ['cout', 'g']],
  ['pool', 'Pooling options', ['ceil', 'cip', 'div']],
  ['heatmap', 'Heatmap', ['hm']],
];
const ALL_KEYS = GROUPS.flatMap((g) => g[2]);
export const PANELS = [['controls', 'Controls'], ['steps', 'Step-through'], ['formula', 'Formula'], ['legend', 'Legend'],
  ['code', 'Code'], ['stack', 'Layer stack'], ['notices', 'Notices']];
// Keys that describe one frame, set here and nowhere else.
const FRAME_KEYS = /^(embed|show|lock|autoplay|origin|autoheight|quiz|qseed|tries|theme)(=|$)/;

// [SECTION] Options <-> keys

// The builder's options from the state's keys (what a link already says).
export function optionsFrom(state) {
  const locked = new Set(state.lock === 'all' ? ALL_KEYS : (state.lock || '').split(',').filter(Boolean));
  return {
    editable: GROUPS.filter((g) => !locked.has(g[2][0])).map((g) => g[0]),  // a group by its main key (lock=s,p: stride and padding)
    mode: 'only',
    panels: (state.show || (state.embed === '1' ? '' : 'controls,steps')).split(',').filter((p) => p && p !== 'none'),
    quiz: state.quiz || '0', tries: state.tries || '2', autoplay: state.autoplay === '1', theme: state.theme || 'auto',
    height: 520, autoheight: state.autoheight === '1', origin: state.origin && state.origin !== 'none' ? state.origin : '',
  };
}

// The frame's keys from the options: lock= is the complement of what the student may change.
export function keysFrom(o) {
  const chosen = new Set(o.editable);
  const editable = GROUPS.filter((g) => (o.mode === 'only' ? chosen.has(g[0]) : !chosen.has(g[0])));
  const free = new Set(editable.flatMap((g) => g[2]));
  const lock = ALL_KEYS.filter((k) => !free.has(k));
  const keys = [['embed', '1'], ['show', o.panels.length ? o.panels.join(',') : 'none'],
    ['lock', lock.length === ALL_KEYS.length ? 'all' : lock.length ? lock.join(',') : 'none']];
  if (o.quiz !== '0') keys.push(['quiz', o.quiz], ['tries', o.tries]);
  if (o.autoplay) keys.push(['autoplay', '1']);
  if (o.theme !== 'auto') keys.push(['theme', o.theme]);
  if (o.autoheight) keys.push(['autoheight', '1']);
  if (o.origin) keys.push(['origin', o.origin]);
  return keys;
}

// [SECTION] Dialog

const esc = (t) => String(t).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

let dialog = null;

export function open(ctx) {
  const { api, call, canvas } = ctx;
  if (dialog) { dialog.first.focus(); return dialog.handle; }
  const stateText = call('cp_app_get_state');
  const base = stateText.split('&').filter((p) => p && !FRAME_KEYS.test(p));
  const o = optionsFrom(api.getState());
  const page = `${location.origin}${location.pathname}`;
  const fragment = () => [...base, ...keysFrom(o).map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/g, ',')}`)].join('&');
  const link = () => `${page}#${fragment()}`;
  const title = () => document.title.replace(/ —.*/, '') + ': ' + (api.getState().preset || 'a playground');
  const iframe = () => `<iframe src="${esc(link())}" width="100%" height="${o.autoheight ? 400 : o.height}" style="border:0" `
    + `title="${esc(title())}" loading="lazy" allow="fullscreen; clipboard-write" allowfullscreen></iframe>`;
  const htmlLink = () => `<a href="${esc(link().replace(/(^|[#&])embed=1(&|$)/, '$1embed=0$2'))}" target="_blank" rel="noopener">${esc(title())} (interactive)</a>`;

  const preview = el('iframe', { title: 'Preview of the embed', class: 'builder-preview' });
  const code = el('textarea', { readonly: true, rows: 4, id: 'builder-code', 'aria-label': 'The embed code' });
  const status = el('p', { role: 'status', class: 'builder-status' });
  let timer = null;
  const update = () => {
    code.value = iframe();
    preview.style.height = `${o.autoheight ? 400 : o.height}px`;
    clearTimeout(timer);
    timer = setTimeout(() => { preview.src = link(); }, 120);  // a burst of clicks reloads the preview once
    window.convplay.builderFragment = fragment();
    window.dispatchEvent(new CustomEvent('convplay:builder', { detail: { fragment: fragment(), code: code.value } }));
  };

  const check = (name, label, checked, onchange) => {
    const id = `builder-${name}`;
    const box = el('input', { type: 'checkbox', id, checked: !!checked });
    box.addEventListener('change', () => { onchange(box.checked); update(); });
    return el('div', { class: 'builder-check' }, box, el('label', { for: id, text: label }));
  };
  const radio = (group, value, label, checked, onchange) => {
    const id = `builder-${group}-${value}`;
    const r = el('input', { type: 'radio', name: `builder-${group}`, id, value, checked: !!checked });
    r.addEventListener('change', () => { if (r.checked) { onchange(value); update(); } });
    return el('span', { class: 'builder-radio' }, r, el('label', { for: id, text: label }));
  };
  const select = (name, label, options, value, onchange) => {
    const id = `builder-${name}`;
    const s = el('select', { id });
    for (const [v, t] of options) s.append(el('option', { value: v, text: t }));
    s.value = value;
    s.addEventListener('change', () => { onchange(s.value); update(); });
    return el('div', { class: 'builder-field' }, el('label', { for: id, text: label }), s);
  };
  const setEditable = (group, on) => {
    const chosen = new Set(o.editable);
    if (on) chosen.add(group); else chosen.delete(group);
    o.editable = GROUPS.map((g) => g[0]).filter((g) => chosen.has(g));
  };
  const setPanel = (p, on) => { o.panels = PANELS.map((x) => x[0]).filter((x) => (x === p ? on : o.panels.includes(x))); };

  const height = el('input', { type: 'number', id: 'builder-height', min: 200, max: 1600, step: 10, value: o.height });
  height.addEventListener('change', () => { o.height = Math.max(200, Math.min(1600, Number(height.value) || 520)); update(); });
  const origin = el('input', { type: 'url', id: 'builder-origin', placeholder: 'https://your-course.example', value: o.origin });
  origin.addEventListener('change', () => { o.origin = origin.value.trim().replace(/\/$/, ''); update(); });
  const copy = (what, text) => el('button', { type: 'button', text: `Copy ${what}`, onclick: async () => {
    let ok = false;
    try { await navigator.clipboard.writeText(text()); ok = true; } catch (e) { code.value = text(); code.select(); try { ok = document.execCommand('copy'); } catch (e2) { ok = false; } }
    status.textContent = ok ? `${what[0].toUpperCase()}${what.slice(1)} copied.` : 'The browser did not let the page copy: select the text above and copy it by hand.';
    window.dispatchEvent(new CustomEvent('convplay:copied', { detail: { text: text(), ok } }));
  } });
  const close = () => {
    clearTimeout(timer);
    root.remove();
    dialog = null;
    canvas.focus({ preventScroll: true });
  };

  const root = el('div', { class: 'builder-backdrop' },
    el('div', { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'builder-title', class: 'builder', id: 'builder' },
      el('div', { class: 'builder-head' },
        el('h2', { id: 'builder-title', text: 'Embed builder' }),
        el('button', { type: 'button', class: 'builder-close', 'aria-label': 'Close the embed builder', text: 'Close', onclick: close })),
      el('div', { class: 'builder-body' },
        el('div', { class: 'builder-options' },
          el('fieldset', {},
            el('legend', { text: 'What students may change' }),
            el('div', { class: 'builder-row' },
              radio('mode', 'only', 'Only these', o.mode === 'only', (v) => { o.mode = v; }),
              radio('mode', 'except', 'All but these', o.mode === 'except', (v) => { o.mode = v; })),
            ...GROUPS.map(([id, label]) => check(`group-${id}`, label, o.editable.includes(id), (on) => setEditable(id, on)))),
          el('fieldset', {},
            el('legend', { text: 'Panels beside the figure' }),
            ...PANELS.map(([id, label]) => check(`panel-${id}`, label, o.panels.includes(id), (on) => setPanel(id, on)))),
          el('fieldset', {},
            el('legend', { text: 'Quiz and motion' }),
            select('quiz', 'Quiz', [['0', 'Off'], ['1', 'On, with New question'], ['fixed', 'On, this configuration only']], o.quiz, (v) => { o.quiz = v; }),
            select('tries', 'Tries before the answer shows', [['1', '1'], ['2', '2'], ['3', '3']], o.tries, (v) => { o.tries = v; }),
            check('autoplay', 'Start the step-through when the page opens', o.autoplay, (on) => { o.autoplay = on; })),
          el('fieldset', {},
            el('legend', { text: 'Look and size' }),
            select('theme', 'Theme', [['auto', 'Follow the reader\u2019s system'], ['light', 'Light'], ['dark', 'Dark']], o.theme, (v) => { o.theme = v; }),
            el('div', { class: 'builder-field' }, el('label', { for: 'builder-height', text: 'Height (pixels)' }), height),
            check('autoheight', 'Grow to fit (hosts that resize frames: Canvas, Embedly)', o.autoheight, (on) => { o.autoheight = on; }),
            el('div', { class: 'builder-field' }, el('label', { for: 'builder-origin', text: 'Only this page may drive the frame (optional)' }), origin))),
        el('div', { class: 'builder-result' },
          el('h3', { text: 'Preview' }), preview,
          el('label', { for: 'builder-code', text: 'Embed code' }), code,
          el('div', { class: 'builder-row' }, copy('embed code', iframe), copy('link', link), copy('HTML link', htmlLink)),
          status))));
  root.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { e.preventDefault(); close(); }
    if (e.key === 'Tab') {  // the dialog keeps the focus while it is open
      const f = [...root.querySelectorAll('button, input, select, textarea, iframe')].filter((x) => !x.disabled);
      if (e.shiftKey && document.activeElement === f[0]) { e.preventDefault(); f[f.length - 1].focus(); }
      else if (!e.shiftKey && document.activeElement === f[f.length - 1]) { e.preventDefault(); f[0].focus(); }
    }
  });
  document.body.append(root);
  const first = root.querySelector('.builder-close');
  const handle = { fragment, link, code: iframe, close, element: root };
  dialog = { first, handle };
  update();
  root.querySelector('input').focus();
  return handle;
}
