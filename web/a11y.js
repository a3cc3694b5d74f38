// a11y.js — the parallel DOM's door (a feature module of convplay.js): the
// DOM itself (web/a11y-dom.js, 7.5 KB gzipped) loads once the first frame is
// on the canvas, when the browser is idle or at the first key, focus or
// pointer, whichever is first: it never delays that frame nor weighs on the
// first load, and is there before a reader reaches for it.
// #pdom[data-ready="1"] says it is built.
// It also holds the exact-value box the canvas's pencil buttons ask for
// (host action "edit": a11y-dom.js editValue).
export function attach(ctx) {
  let loading = null, dom = null;
  const load = () => (loading ||= import('./a11y-dom.js').then((m) => { dom = m; m.attach(ctx); })
    .catch((e) => console.warn('convplay: the parallel DOM could not load:', e)));
  ctx.hostActions.edit = (text) => load().then(() => dom && dom.editValue(ctx, JSON.parse(text)));
  for (const type of ['keydown', 'focusin', 'pointerdown']) window.addEventListener(type, load, { once: true, capture: true });
  window.convplay.ready.then(() => {
    if (window.requestIdleCallback) window.requestIdleCallback(load, { timeout: 1500 });
    else setTimeout(load, 200);
  }, () => {});
}
