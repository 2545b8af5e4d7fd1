// The offline page (utan-natverk/), where the service worker leads a page that is neither
// reachable nor kept: a new attempt at the page asked for, and every page kept on this device.
import { el, sitePath } from "./dom.js";

// `list` is ul#ok-offline-pages; without the worker's cache it keeps the pages the site lists.
export async function mount(list) {
  const wanted = new URLSearchParams(location.search).get("fran");
  if (wanted && wanted.charAt(0) === "/") {
    document.getElementById("ok-offline-wanted").append(" ", el("a", { href: wanted, text: "Försök igen" }));
  }
  if (!("caches" in window)) return;
  const pages = await keptPages().catch(() => ({}));
  const paths = Object.keys(pages).sort((a, b) => pages[a].localeCompare(pages[b], "sv"));
  if (!paths.length) return;
  list.replaceChildren(...paths.map((path) => el("li", {}, [el("a", { href: path, text: pages[path] })])));
}

async function keptPages() {
  const pages = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of (await cache.keys()).slice(0, 300)) {
      const path = new URL(request.url).pathname;
      if (!path.endsWith("/") || path === location.pathname) continue;
      const title = new DOMParser().parseFromString(await (await cache.match(request)).text(), "text/html").title;
      pages[path] = path === sitePath("") ? "Startsidan" : title.replace(/ - Omsorgskatalogen$/, "");
    }
  }
  return pages;
}
