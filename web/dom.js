// dom.js — building DOM elements from plain values, shared by the page's
// panels that load on first use (the parallel DOM, the embed builder).
// el('label', {class: 'row', text: 'Stride', onclick: f}, child...): `class`
// sets className, `text` the text content (never HTML), `on*` a listener,
// true an empty attribute, false or null none.
export const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v === true) node.setAttribute(k, '');
    else if (v !== false && v != null) node.setAttribute(k, String(v));
  }
  node.append(...children);
  return node;
};
