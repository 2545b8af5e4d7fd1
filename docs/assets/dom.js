// Elements for the staff features, and addresses within the site from a page at any depth (the
// site may be served under a base path: everything is relative to this file's folder).
const root = new URL("../", import.meta.url);

// The path of a page of the site: sitePath("logga-in/") -> "/logga-in/".
export function sitePath(path) {
  return new URL(path, root).pathname;
}

const DAY = /(\d{4}-\d{2}-\d{2})/;

// Puts `text` in `node`, each date in it as a <time>, which the stylesheet keeps on one line as on
// the built pages: at 360 px "(2020-" over "01-01)" reads as two things.
export function say(node, text) {
  node.replaceChildren(...String(text ?? "").split(DAY).filter(Boolean).map((part) => {
    if (!DAY.test(part)) return part;
    const time = document.createElement("time");
    time.dateTime = part;
    time.textContent = part;
    return time;
  }));
}

// el("p", { class: "ok-meta", text: "…" }, [children]): attributes that are null or false are left out.
export function el(tag, attrs, children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (name === "text") say(node, value);
    else if (value !== null && value !== false) node.setAttribute(name, value);
  }
  for (const child of children || []) if (child) node.append(child);
  return node;
}

export function link(path, text) {
  return el("a", { href: sitePath(path), text: text });
}
