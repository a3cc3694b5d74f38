// share.js — the page side of the Share panel (src/ui/ui_share_panel.cpp asks
// by action name, share-*; this module answers). It stays small because it
// loads with the page: the links, exports and downloads are in
// web/share-tools.js, imported on the first use, and the GIF encoder only when
// a GIF is made. Only print lives here: beforeprint must be answered at once.
//   window.convplay.export(kind, {scale})   'png' | 'svg' | 'gif' -> Promise<Blob>; scale 1, 2, 4 (PNG)
//   window.convplay.shareLinks()   Promise<{link, embed, embedCode, htmlLink}>
//   window.convplay.copyShare(what) 'link' | 'embed' | 'html-link' -> Promise<copied?>
//   [SECTION] Print                the figure printed as vectors, not a blank canvas

export function attach(ctx) {
  const { api, call, hostActions } = ctx;
  let tools = null;
  const load = () => (tools ||= import('./share-tools.js').then((m) => m.create(ctx)));
  api.export = (kind, options) => load().then((t) => t.exportBlob(kind, options));
  api.shareLinks = () => load().then((t) => t.links());
  api.copyShare = (what) => load().then((t) => t.copyShare(what));
  hostActions['share-copy-link'] = () => api.copyShare('link');
  hostActions['share-copy-embed'] = () => api.copyShare('embed');
  hostActions['share-copy-html-link'] = () => api.copyShare('html-link');
  // The PNG button's text is its scale (1, 2, 4: the Share panel's choice).
  for (const kind of ['png', 'svg', 'gif']) hostActions[`share-export-${kind}`] = (text) => load().then((t) => t.download(kind, { scale: Number(text) || undefined }));
  hostActions['share-print'] = () => window.print();

  // [SECTION] Print
  // A WebGL canvas prints blank (its drawing buffer is not kept), so before
  // printing the figure goes into #print-figure as inline SVG, in the light
  // palette (paper is white; a dark figure would be a block of toner), with
  // the figure in words and the link under it. convplay.css's print block
  // shows it instead of the stage. Inline SVG draws at once: no image load
  // can lose the race with the print.
  const sheet = document.createElement('div');
  sheet.id = 'print-figure';
  document.body.appendChild(sheet);
  function fillPrintFigure() {
    sheet.textContent = '';
    if (api.getGeometry().error) return;
    const doc = new DOMParser().parseFromString(call('cp_app_svg_light'), 'image/svg+xml');
    if (doc.querySelector('parsererror')) return;
    const svg = document.importNode(doc.documentElement, true);
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    svg.setAttribute('role', 'img');
    const caption = document.createElement('p');
    caption.textContent = call('cp_app_describe');
    const address = document.createElement('p');
    address.className = 'link';
    address.textContent = `${location.href.replace(/#.*$/, '')}#${call('cp_app_get_state')}`;
    sheet.append(svg, caption, address);
  }
  window.addEventListener('beforeprint', fillPrintFigure);
  // Print previews and emulated print media may not send beforeprint.
  const printing = window.matchMedia ? window.matchMedia('print') : null;
  if (printing && printing.addEventListener) printing.addEventListener('change', (e) => { if (e.matches) fillPrintFigure(); });
  api.preparePrint = fillPrintFigure;
}
