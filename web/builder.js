// builder.js — the embed builder's door (a feature module of convplay.js):
// the Share panel's "Embed builder…" asks for 'share-builder'; the builder
// itself (web/builder-panel.js) loads on that first use, so the first load
// stays small.
//   window.convplay.openBuilder()   opens it; resolves to its handle {fragment(), set(options), close()}
export function attach(ctx) {
  let panel = null;
  const open = () => (panel ||= import('./builder-panel.js')).then((m) => m.open(ctx));
  ctx.hostActions['share-builder'] = () => open();
  ctx.api.openBuilder = open;
}
