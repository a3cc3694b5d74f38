// embed.js — convplay in another page's iframe: the postMessage API, the
// embed's host actions (full screen, open in the full playground) and
// autoheight. A feature module of convplay.js (attach(ctx)).
//
// Messages in (from the embedding page):
//   {type: 'convplay:set', state}   state as {key: value} or 'k=v&...', through the
//                                   same codec as setState; answered with
//                                   {type: 'convplay:notices', notices} when it
//                                   repaired anything
// Messages out (to the embedding page):
//   {type: 'convplay:ready', state}  once, after window.convplay.ready
//   {type: 'convplay:answer', correct, tries, finished, question}  after each quiz answer
//   {type: 'convplay:state', state, text}  after every change (state as {key: 'value'},
//                                   text as the link's 'v=1&...')
//   autoheight=1: JSON strings '{"subject":"lti.frameResize","height":N}' (Canvas
//   LMS) and '{"src":location.href,"context":"iframe.resize","height":N}'
//   (Embedly / Iframely hosts) whenever the height the content wants changes.
// Only the parent window is listened to (event.source === window.parent, and
// never when the page is not framed); origin=https://host restricts that to
// the parent at this exact origin, and the frame's own messages go only to it
// (else to '*': they carry nothing but the playground's state).
//
// [SECTION] Who may talk to us
// [SECTION] Host actions
// [SECTION] attach

// [SECTION] Who may talk to us

const framed = () => { try { return window.parent !== window; } catch (e) { return true; } };

// [SECTION] Host actions

function fullscreen(canvas) {
  const stage = document.getElementById('stage');
  if (document.fullscreenElement) return document.exitFullscreen();
  // Keep the canvas focused so the step keys work in full screen too.
  return stage.requestFullscreen().then(() => canvas.focus({ preventScroll: true }));
}

// The same state in the full playground (the app sends it without the embed
// keys): this page, without its fragment, in a new tab.
function openPlayground(text) {
  const url = new URL(location.href);
  url.hash = text;
  window.open(url.href, '_blank', 'noopener');
  window.dispatchEvent(new CustomEvent('convplay:opened', { detail: { url: url.href } }));
}

// [SECTION] attach

export function attach(ctx) {
  const { api, call, canvas, hostActions, onState } = ctx;
  // Where the last frame drew its named controls, [{id, x, y, w, h}] in CSS px
  // of the canvas (a codec key for a layer control, 'quiz.h', 'embed.open', ...).
  api.getWidgets = () => JSON.parse(call('cp_app_widgets'));
  // The origin= key as the link set it; read again on every message, so a
  // host that changes it through setState is obeyed from then on.
  const origin = () => api.getState().origin || '';
  const target = () => origin() || '*';
  const post = (message) => { if (framed()) window.parent.postMessage(message, target()); };

  // (Whether the page may go full screen is told by convplay.js: the first
  // frame draws the button.)
  hostActions.fullscreen = () => fullscreen(canvas);
  hostActions.open = (text) => openPlayground(text);
  // A quiz answer ({correct, tries, finished, question}: scene/quiz.h), for a course page or an LMS tool to record.
  hostActions.answer = (text) => post({ type: 'convplay:answer', ...JSON.parse(text) });
  hostActions.autoheight = (text) => {
    const height = Math.round(Number(text));
    if (!(height > 0)) return;
    window.convplay.wantedHeight = height;  // for scripts and tests in the same page
    post(JSON.stringify({ subject: 'lti.frameResize', height }));
    post(JSON.stringify({ src: location.href, context: 'iframe.resize', height }));
  };

  window.addEventListener('message', (event) => {
    if (!framed() || event.source !== window.parent) return;  // the embedding page only
    const only = origin();
    if (only && event.origin !== only) return;
    const data = event.data;
    if (!data || typeof data !== 'object' || data.type !== 'convplay:set') return;
    const state = data.state;
    if (typeof state !== 'string' && (!state || typeof state !== 'object')) return;
    let notices;
    try { notices = ctx.applyState(state); } catch (e) { notices = [{ field: 'message', text: String(e && e.message) }]; }
    if (notices && notices.length) post({ type: 'convplay:notices', notices });
  });

  // (The state's keys only when there is a host to tell: for a model, a few ms per change.)
  onState((text, stateNow) => { if (framed()) post({ type: 'convplay:state', state: stateNow(), text }); });
  api.ready.then(() => {
    // A teacher checking an iframe src sees what the link repaired.
    const notices = api.getNotices();
    if (api.getState().embed === '1' && notices.length)
      console.warn('convplay: the link was repaired:', notices.map((n) => `${n.field}: ${n.text}`).join(' | '));
    post({ type: 'convplay:ready', state: api.getState() });
  }, () => {});
}
