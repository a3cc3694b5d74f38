// a11y.js — the parallel DOM's door (a feature module of convplay.js): the
// DOM itself (web/a11y-dom.js, 7.5 KB gzipped) loads once the first frame is
// on the canvas, when the browser is idle or at the first key, focus or
// pointer, whichever is first: it never delays that frame nor weighs on the
// first load, and is there before a reader reaches for it.
// #pdom[data-ready="1"] says it is built.
// The exact-value box the canvas's pencil buttons ask for (host action
// "edit") is web/a11y-edit.js, loaded on the first press.
export function attach(ctx) {
  let loading = null;
  const load = () => (loading ||= import('./a11y-dom.js').then((m) => m.attach(ctx))
    .catch((e) => console.warn('convplay: the parallel DOM could not load:', e)));
  ctx.hostActions.edit = (text) => import('./a11y-edit.js').then((m) => m.editValue(ctx, JSON.parse(text)));
  for (const type of ['keydown', 'focusin', 'pointerdown']) window.addEventListener(type, load, { once: true, capture: true });
  window.convplay.ready.then(() => {
    if (window.requestIdleCallback) window.requestIdleCallback(load, { timeout: 1500 });
    else setTimeout(load, 200);
  }, () => {});
}
