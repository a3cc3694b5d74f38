// a11y-edit.js — the exact-value box (loaded on first use by web/a11y.js).
//
// The pencil beside a slider on the canvas asks for it (ui_layer_panel.cpp,
// host action "edit"): a real text box over the control, so a phone shows its
// keyboard and a screen reader its label. Enter sets the value through the
// codec (setState, the one door: locks and limits apply as for a link);
// Escape or Cancel leaves it as it was. req: {key, label, value, min, max,
// form: 'one' | 'pair' | 'sides', x, y, w, h} (the control's rectangle, CSS px).
import { el } from './dom.js';

const EDIT_FORMS = {
  one: { re: /^\s*(\d+)\s*$/, hint: (r) => `A whole number from ${r.min} to ${r.max}.`, text: (m) => m[1] },
  pair: { re: /^\s*(\d+)\s*(?:[x\u00d7*,]\s*(\d+)\s*)?$/i,
    hint: (r) => `One number for both, or height x width (e.g. 3x5); each from ${r.min} to ${r.max}.`,
    text: (m) => (m[2] === undefined || m[2] === m[1] ? m[1] : `${m[1]}x${m[2]}`) },
  sides: { re: /^\s*(\d+)\s*[, ]\s*(\d+)\s*[, ]\s*(\d+)\s*[, ]\s*(\d+)\s*$/,
    hint: (r) => `Top, bottom, left, right (e.g. 1,2,0,1); each from ${r.min} to ${r.max}.`,
    text: (m) => m.slice(1, 5).join(',') },
};
export function editValue(ctx, req) {
  const { api, canvas } = ctx;
  const stage = document.getElementById('stage');
  const form0 = EDIT_FORMS[req.form] || EDIT_FORMS.one;
  document.getElementById('cp-edit')?.remove();
  const input = el('input', { id: 'cp-edit-input', type: 'text', value: req.value, autocomplete: 'off', spellcheck: 'false',
    inputmode: req.form === 'one' ? 'numeric' : 'text', enterkeyhint: 'done', 'aria-describedby': 'cp-edit-help' });
  const help = el('p', { id: 'cp-edit-help', 'aria-live': 'polite', text: form0.hint(req) });
  const cancel = el('button', { type: 'button', text: 'Cancel' });
  const box = el('form', { id: 'cp-edit', role: 'dialog', 'aria-label': `Type the ${req.label.toLowerCase()}` },
    el('label', { for: 'cp-edit-input', text: req.label }), input, el('button', { type: 'submit', text: 'Set' }), cancel, help);
  stage.append(box);
  // Under the control (above it near the bottom), inside the screen.
  const width = Math.min(box.offsetWidth, innerWidth - 16);
  const left = Math.max(8, Math.min(req.x, innerWidth - width - 8));
  const below = req.y + req.h + 6;
  const top = below + box.offsetHeight <= innerHeight - 8 ? below : Math.max(8, req.y - box.offsetHeight - 6);
  Object.assign(box.style, { left: `${left}px`, top: `${top}px` });
  let open = true;
  const close = (refocus) => {
    if (!open) return;
    open = false;
    box.remove();
    if (refocus) canvas.focus({ preventScroll: true });
  };
  box.addEventListener('submit', (e) => {
    e.preventDefault();
    const m = form0.re.exec(input.value);
    const numbers = m ? m.slice(1).filter((x) => x !== undefined).map(Number) : [];
    if (!m || numbers.some((n) => n < req.min || n > req.max)) {
      help.textContent = `Not a value here. ${form0.hint(req)}`;
      help.classList.add('wrong');
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    api.setState({ [req.key]: form0.text(m) });
    close(true);
  });
  cancel.addEventListener('click', () => close(true));
  box.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); close(true); } });
  box.addEventListener('focusout', (e) => { if (!box.contains(e.relatedTarget)) requestAnimationFrame(() => { if (!box.contains(document.activeElement)) close(false); }); });
  input.focus();
  input.select();
  box.dataset.ready = '1';
}
