// share-tools.js — what the Share panel does, loaded by web/share.js on the
// first use (not in the page's first-load weight):
//   [SECTION] Names and links   the page's address, HTML escaping (the title, file
//                               name and links themselves come from the app)
//   [SECTION] Exports           window.convplay.export(kind, {scale}) -> Blob: 'png', 'svg', 'gif'
//   [SECTION] create            the exports, copies and downloads over the bridge
//
// Every picture is drawn from the app's SVG of the scene (src/scene/svg.cpp):
// the PNG is that SVG rasterised at devicePixelRatio, not a crop of the canvas,
// so it is the whole figure whatever the zoom, pan or window size, without
// the pointer's tooltips, and needs no preserved WebGL drawing buffer (which
// would cost every frame). The GIF's frames are the same SVG at each step,
// made by the app without moving the view on screen. gifenc, the GIF encoder
// (npm), is imported only when a GIF is asked for: it is not in the page's
// first-load weight.

// GIF bounds: frames (evenly spaced over the steps when there are more) and
// the size of a frame, CSS pixels; the Share panel says 60 too.
const GIF_MAX_FRAMES = 60;
const GIF_MAX_W = 800, GIF_MAX_H = 640;
// PNG bounds: a side and the pixel count (a 4K screen's figure fits).
const PNG_MAX_SIDE = 8192, PNG_MAX_PIXELS = 32e6;

// [SECTION] Names and links

// The page's own address without the fragment (which is the state).
const pageBase = () => location.href.replace(/#.*$/, '');

// Text for an HTML attribute or element.
const escapeHtml = (text) => String(text).replace(/[&<>"']/g,
  (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

// [SECTION] Exports

// The size an SVG document declares on its root (svg.cpp always writes both).
function svgSize(text) {
  const head = text.slice(0, 600);
  const w = /<svg[^>]*\swidth="([\d.]+)"/.exec(head), h = /<svg[^>]*\sheight="([\d.]+)"/.exec(head);
  if (!w || !h) throw new Error('convplay: the figure has no size');
  return [Number(w[1]), Number(h[1])];
}

// Loads SVG text as an image (an <img> never runs scripts or fetches: the SVG
// is self-contained). Resolves to the decoded HTMLImageElement.
async function svgImage(text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return img;
  } finally {
    URL.revokeObjectURL(url);
  }
}

function canvasToBlob(canvas, type) {
  return new Promise((resolve, reject) => canvas.toBlob(
    (blob) => (blob ? resolve(blob) : reject(new Error('convplay: the browser could not encode the picture'))), type));
}

// [SECTION] create

export function create(ctx) {
  const { app, api, call, hostActions, canvas } = ctx;
  // What the figure is called, its links and its pace: the app's
  // (state/formats/share_names.h, through cp_app_share_names), never a copy
  // of the codec's rules here.
  const names = () => JSON.parse(call('cp_app_share_names'));
  const link = () => `${pageBase()}#${names().link}`;
  const embedLink = () => `${pageBase()}#${names().embed}`;
  // "convplay: convolution, 7×7 input, kernel 3, stride 2, padding 1"
  const title = () => `convplay: ${names().title}`;

  function embedCode() {
    return `<iframe src="${escapeHtml(embedLink())}" width="100%" height="520" style="border:0" ` +
      `title="${escapeHtml(title())}" loading="lazy" allow="fullscreen; clipboard-write" allowfullscreen></iframe>`;
  }
  // For hosts that strip iframes (Moodle, unless the text is trusted): a link
  // that opens the interactive figure in a new tab.
  function htmlLink() {
    return `<a href="${escapeHtml(link())}" target="_blank" rel="noopener">${escapeHtml(title())} (interactive)</a>`;
  }

  // A message with the page's notices (the reader looks there).
  function notice(field, text) {
    const put = (s) => {
      const n = app.lengthBytesUTF8(s) + 1, p = app._malloc(n);
      app.stringToUTF8(s, p, n);
      return p;
    };
    const f = put(field), t = put(text);
    try { app._cp_app_add_notice(f, t); } finally { app._free(f); app._free(t); }
  }

  function figureSvg() {
    const g = api.getGeometry();
    if (g.error) throw new Error(`convplay: nothing to export, the layer is invalid: ${g.error}`);
    return call('cp_app_svg');
  }

  // options.scale: 1, 2 or 4 times the figure's CSS size (the Share panel's
  // choice, 2 by default there); none: the screen's devicePixelRatio. Bounded by the caps.
  async function exportPng(options = {}) {
    const text = figureSvg();
    const [w, h] = svgSize(text);
    const asked = Number(options && options.scale);
    let scale = asked > 0 ? Math.min(4, asked) : Math.max(1, window.devicePixelRatio || 1);
    scale = Math.min(scale, PNG_MAX_SIDE / w, PNG_MAX_SIDE / h, Math.sqrt(PNG_MAX_PIXELS / (w * h)));
    const img = await svgImage(text);
    const out = document.createElement('canvas');
    out.width = Math.max(1, Math.round(w * scale));
    out.height = Math.max(1, Math.round(h * scale));
    out.getContext('2d').drawImage(img, 0, 0, out.width, out.height);
    return canvasToBlob(out, 'image/png');
  }

  async function exportGif() {
    // The GIF animates the cells' step-through; image mode computes the whole
    // map at once and has no steps to animate (the share panel says so too).
    if (api.getState().view === 'image') {
      throw new Error('convplay: a GIF animates the cell view\'s step-through; image mode has no steps. Export a PNG or SVG of the picture and its maps, or switch to the cells (view=cells).');
    }
    const g = api.getGeometry();
    if (g.error) throw new Error(`convplay: nothing to export, the layer is invalid: ${g.error}`);
    const steps = Math.max(1, g.steps | 0);
    const count = Math.min(steps, GIF_MAX_FRAMES);
    // Evenly spaced steps when there are more than the cap; the last one always.
    const picks = Array.from({ length: count }, (_, i) => (count === 1 ? 0 : Math.round((i * (steps - 1)) / (count - 1))));
    // The cell size that fits the first frame in the bounds; a large figure's
    // frames are made at that size (not shrunk afterwards): cheaper, and its
    // numbers are left out where they would be unreadable.
    const [w0, h0] = svgSize(call('cp_app_svg_at_step', picks[0], 32));
    const cell = 32 * Math.min(1, GIF_MAX_W / w0, GIF_MAX_H / h0);
    const frameSvg = (i) => call('cp_app_svg_at_step', picks[i], cell);
    // Notes under the figure change length from step to step: one frame size
    // for all, the largest; sizes first, one SVG at a time (a large figure's
    // SVG is megabytes: never all of them at once).
    let w = 1, h = 1;
    for (let i = 0; i < count; ++i) { const [tw, th] = svgSize(frameSvg(i)); w = Math.max(w, tw); h = Math.max(h, th); }
    const fw = Math.min(GIF_MAX_W, Math.ceil(w)), fh = Math.min(GIF_MAX_H, Math.ceil(h));
    const scale = cell / 32;
    const background = (/<rect width="100%" height="100%" fill="(#[0-9a-f]{6})"/.exec(frameSvg(0)) || [])[1] || '#ffffff';
    // Frame delay: the view's play speed (steps per second), within reason.
    const speed = names().speed;
    const delay = Math.round(Math.min(2000, Math.max(150, 1000 / speed)));

    const { GIFEncoder, quantize, applyPalette } = await import('./gifenc.esm.js');
    const gif = GIFEncoder();
    const frame = document.createElement('canvas');
    frame.width = fw;
    frame.height = fh;
    const g2d = frame.getContext('2d', { willReadFrequently: true });
    let palette = null;
    for (let i = 0; i < count; ++i) {
      const text = frameSvg(i);
      const [tw, th] = svgSize(text);  // at most the frame
      const img = await svgImage(text);
      g2d.fillStyle = background;
      g2d.fillRect(0, 0, fw, fh);
      g2d.drawImage(img, 0, 0, tw, th);
      const { data } = g2d.getImageData(0, 0, fw, fh);
      // One palette for every frame, from the first: the steps differ only in
      // where the same colours are (faster, and no palette per frame).
      if (!palette) palette = quantize(data, 256);
      // The last frame holds longer, so the loop reads as ending there.
      gif.writeFrame(applyPalette(data, palette), fw, fh,
                     { palette: i === 0 ? palette : undefined, delay: i === count - 1 ? delay * 3 : delay });
    }
    gif.finish();
    if (count < steps) {
      notice('GIF', `it shows ${count} of the ${steps} steps, evenly spaced (at most ${GIF_MAX_FRAMES} frames).`);
    }
    if (scale < 1) notice('GIF', `the figure is drawn smaller, ${fw} \u00d7 ${fh} pixels (at most ${GIF_MAX_W} \u00d7 ${GIF_MAX_H}).`);
    return new Blob([gif.bytes()], { type: 'image/gif' });
  }

  const exporters = {
    png: exportPng,
    svg: async () => new Blob([figureSvg()], { type: 'image/svg+xml' }),
    gif: exportGif,
  };
  // window.convplay.export(kind): the figure as a Blob; a rejected promise
  // (never a throw) for an unknown kind or an invalid layer.
  const exportBlob = (kind, options) => {
    const run = Object.prototype.hasOwnProperty.call(exporters, kind) ? exporters[kind] : null;
    if (!run) {
      return Promise.reject(new Error(`convplay.export: unknown kind ${JSON.stringify(kind)}; use 'png', 'svg' or 'gif'`));
    }
    return Promise.resolve().then(() => run(options));
  };

  async function download(kind, options) {
    const name = `${names().file}.${kind}`;
    try {
      const blob = await exportBlob(kind, options);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 30000);
      window.dispatchEvent(new CustomEvent('convplay:exported', { detail: { kind, name, size: blob.size } }));
    } catch (e) {
      notice('Export', e && e.message ? e.message : String(e));
    }
    canvas.focus({ preventScroll: true });
  }

  // For scripts and tests: what the buttons copy, and the copy itself
  // (resolves to whether the clipboard took it; fires convplay:copied).
  const links = () => ({ link: link(), embed: embedLink(), embedCode: embedCode(), htmlLink: htmlLink() });
  const copyShare = (what) => {
    const texts = { link, embed: embedCode, 'html-link': htmlLink };
    const text = Object.prototype.hasOwnProperty.call(texts, what) ? texts[what] : null;
    if (!text) {
      return Promise.reject(new Error(`convplay.copyShare: unknown ${JSON.stringify(what)}; use 'link', 'embed' or 'html-link'`));
    }
    return Promise.resolve(hostActions.copy(text()));
  };

  return { links, exportBlob, copyShare, download };
}
