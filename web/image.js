// image.js — image mode's page side: the user's own picture (file picker and
// drag-and-drop), the photo sample fetched on demand, and the page API for
// image mode. Pictures are decoded by the browser (createImageBitmap, or an
// <img> where that fails), brought down to at most 1024 pixels on the long
// side, read back as RGBA and handed to the app (src/app/app_image.cpp),
// which runs the layers on them. A picture never leaves the page and never
// goes into the URL.
//   convplay.loadImage(source, name)  a File/Blob, ImageBitmap, ImageData or
//                                     canvas; resolves {ok, message}
//   convplay.getImage()               {caption, input, padded, pad, layers:
//                                     [{output, lo, hi, channel, diverging,
//                                     error}], rects, computeMs, uploadMs,
//                                     updates}: tensors as {shape, data}
//   convplay.colormap(v, lo, hi, diverging)   the map's [r, g, b] (0-255)
//   convplay.imageStats()             {updates, computeMs, uploadMs, error}: the last update's times
// Each load ends with a 'convplay:image' window event, {detail: {ok, message}};
// loadImage resolves (and the event fires) once the picture is on screen.
// The limit, the picture kinds and the downscale rule are the app's
// (src/state/image/images.h, through cp_app_image_facts and
// cp_app_downscaled_size): this file keeps no copy of them.
const PHOTO = 'samples/chelsea.png';
const PHOTO_CAPTION = 'Chelsea the cat (photo by Stefan van der Walt, CC0; from Debian\u2019s python3-skimage)';

export function attach(ctx) {
  const { app, api, canvas, hostActions } = ctx;
  const facts = JSON.parse(app.UTF8ToString(app._cp_app_image_facts()));
  const MAX_SIDE = facts.maxSide, KIND_PHOTO = facts.kinds.photo, KIND_OWN = facts.kinds.own;
  // Resolves once a frame drawn after the picture was applied is on the
  // canvas: the page's "shown" promise where the page has one (the commit
  // counter), else the app's next drawn frame (two animation frames: the
  // emscripten loop draws in the first, as the picture woke it).
  const shown = () => (typeof ctx.shown === 'function' ? ctx.shown()
    : typeof api.shown === 'function' ? api.shown()
      : new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

  const input = document.createElement('input');
  input.type = 'file';
  input.accept = 'image/*';
  input.id = 'convplay-image-file';
  input.setAttribute('aria-label', 'Open a picture for image mode');
  input.style.cssText = 'position:fixed;left:-9999px;top:0;width:1px;height:1px;opacity:0';
  input.tabIndex = -1;  // opened by the app's button (input.click()), never a second, invisible tab stop
  document.body.appendChild(input);
  input.addEventListener('change', () => {
    const file = input.files && input.files[0];
    input.value = '';  // the same file again is a change too
    if (file) api.loadImage(file, file.name);
  });

  // Strings into wasm memory for one call.
  function withStrings(texts, fn) {
    const ptrs = texts.map((t) => {
      const n = app.lengthBytesUTF8(t) + 1;
      const p = app._malloc(n);
      app.stringToUTF8(t, p, n);
      return p;
    });
    try { return fn(...ptrs); } finally { ptrs.forEach((p) => app._free(p)); }
  }
  function tell(ok, message) {
    window.dispatchEvent(new CustomEvent('convplay:image', { detail: { ok, message } }));
    return { ok, message };
  }
  function failed(message, kind) {
    withStrings([message], (p) => app._cp_app_picture_failed(p, kind));
    return tell(false, message);
  }

  // Any picture source -> something drawImage takes, with its size.
  async function decode(source) {
    if (source instanceof ImageData) return { image: source, w: source.width, h: source.height, data: true };
    if (typeof ImageBitmap !== 'undefined' && source instanceof ImageBitmap) return { image: source, w: source.width, h: source.height };
    if (source instanceof HTMLCanvasElement) return { image: source, w: source.width, h: source.height };
    if (!(source instanceof Blob)) throw new Error('not a file or an image');
    if (source.size === 0) throw new Error('the file is empty');
    try {
      const bitmap = await createImageBitmap(source);
      return { image: bitmap, w: bitmap.width, h: bitmap.height };
    } catch (e) {
      // Some formats (SVG) decode only through an <img>.
      const url = URL.createObjectURL(source);
      try {
        const img = new Image();
        img.src = url;
        await img.decode();
        if (!img.naturalWidth || !img.naturalHeight) throw new Error('no size');
        return { image: img, w: img.naturalWidth, h: img.naturalHeight };
      } catch (e2) {
        throw new Error(source.type && !source.type.startsWith('image/')
          ? `it is ${source.type}, not a picture` : 'the browser cannot decode it as a picture');
      } finally { URL.revokeObjectURL(url); }
    }
  }

  // Draws the picture at most MAX_SIDE on its long side and reads the pixels.
  function pixels(d) {
    const size = app._cp_app_downscaled_size(d.w, d.h);
    const w = size & 0xFFFF, h = size >>> 16;
    if (d.data && w === d.w && h === d.h) return { rgba: d.image.data, w, h };
    const c = document.createElement('canvas');
    c.width = w;
    c.height = h;
    const g = c.getContext('2d', { willReadFrequently: true });
    g.imageSmoothingQuality = 'high';
    if (d.data) {
      const full = document.createElement('canvas');
      full.width = d.w;
      full.height = d.h;
      full.getContext('2d').putImageData(d.image, 0, 0);
      g.drawImage(full, 0, 0, w, h);
    } else {
      g.drawImage(d.image, 0, 0, w, h);
    }
    return { rgba: g.getImageData(0, 0, w, h).data, w, h };
  }

  function send(px, kind, caption, notice) {
    const bytes = px.w * px.h * 4;
    const ptr = app._malloc(bytes);
    if (!ptr) throw new Error('out of memory');
    try {
      app.HEAPU8.set(px.rgba, ptr);
      return withStrings([caption, notice], (c, n) => app.UTF8ToString(app._cp_app_set_picture(ptr, px.w, px.h, kind, c, n)));
    } finally { app._free(ptr); }
  }

  async function load(source, name, kind, caption) {
    const label = name || 'the picture';
    let d;
    try {
      d = await decode(source);
      if (!(d.w > 0 && d.h > 0)) throw new Error('it has no size');
    } catch (e) {
      return failed(`${label} could not be opened: ${e && e.message ? e.message : e}. The current picture stays.`, kind);
    }
    const px = pixels(d);
    const notice = px.w !== d.w || px.h !== d.h
      ? `${label} is ${d.w}\u00d7${d.h} pixels: shown at ${px.w}\u00d7${px.h} (image mode's limit is ${MAX_SIDE} on the long side).`
      : '';
    const refused = send(px, kind, caption || label, notice);
    if (refused) return failed(`${label}: ${refused}. The current picture stays.`, kind);
    await shown();  // applied by the app when send returned; now drawn
    return tell(true, notice || `${label} loaded`);
  }

  api.loadImage = (source, name) => load(source, name, KIND_OWN, name || 'your picture');
  hostActions['image-open'] = () => input.click();
  hostActions['image-photo'] = async () => {
    let blob;
    try {
      const r = await fetch(PHOTO);
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      blob = await r.blob();
    } catch (e) {
      return failed(`the photo is not in this build (${PHOTO}: ${e.message}): showing the test card.`, KIND_PHOTO);
    }
    return load(blob, 'the photo', KIND_PHOTO, PHOTO_CAPTION);
  };

  // Drag and drop anywhere on the page.
  const stage = canvas.parentElement || document.body;
  const over = (e) => {
    if (!e.dataTransfer || !Array.from(e.dataTransfer.types || []).includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  };
  stage.addEventListener('dragenter', over);
  stage.addEventListener('dragover', over);
  stage.addEventListener('drop', (e) => {
    const file = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
    if (!file) return;
    e.preventDefault();
    api.loadImage(file, file.name);
  });

  const tensor = (t) => t && {
    shape: t.shape,
    data: app.HEAPF32.slice(t.ptr / 4, t.ptr / 4 + t.shape.reduce((a, b) => a * b, 1)),
  };
  api.getImage = () => {
    const v = JSON.parse(app.UTF8ToString(app._cp_app_image()));
    if (!v.layers) return v;
    v.input = tensor(v.input);
    v.padded = tensor(v.padded);
    for (const l of v.layers) l.output = tensor(l.output);
    v.output = v.layers.length ? v.layers[0].output : null;
    return v;
  };
  // The last update's times without copying any tensor (scripts/bench --page).
  api.imageStats = () => {
    const v = JSON.parse(app.UTF8ToString(app._cp_app_image()));
    const l = v.layers && v.layers.find((x) => x.error);
    return { updates: v.updates || 0, computeMs: v.computeMs, uploadMs: v.uploadMs, error: l ? l.error : v.status };
  };
  api.colormap = (value, lo, hi, diverging) => {
    const c = app._cp_app_colormap(value, lo, hi, diverging ? 1 : 0);
    return [(c >> 16) & 255, (c >> 8) & 255, c & 255];
  };
}
