// The Swedish wording of numbers and dates the staff features and the finder show. The site's
// own pages say the same (`hours` and `cost` in the site builder): tests/site/test_format.py
// compares the finder's list with the topic pages' list, training by training.

export function plural(n, one, many) {
  return n + " " + (n === 1 ? one : many);
}

// Halves round up, as people round by hand (2,25 timmar is "2,3 timmar"); the Python side too.
function rounded(x) {
  return Math.floor(x + 0.5);
}

// One decimal at most, with a decimal comma: 2 -> "2", 2.25 -> "2,3".
export function decimal(x) {
  return String(rounded(x * 10) / 10).replace(".", ",");
}

// 0.5 -> "30 minuter", 1/60 -> "1 minut", 1 -> "1 timme", 1.5 -> "1,5 timmar".
export function hours(h) {
  const minutes = rounded(h * 60);
  if (minutes < 60) return plural(minutes, "minut", "minuter");
  const text = decimal(h);
  return text + (text === "1" ? " timme" : " timmar");
}

// The price as a list shows it; an unknown or varying price is said plainly, never as free.
export function cost(sek) {
  if (sek === null) return "Kostnad varierar";
  return sek === 0 ? "Gratis" : String(sek).replace(/\B(?=(\d{3})+$)/g, "\u00a0") + "\u00a0kr";
}

// Today on this device, as an ISO date (2026-01-15): the form the service and the pages use.
export function today() {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}

export function addDays(day, days) {
  const date = new Date(day + "T00:00:00Z");
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

// When a training must be taken again: "Förnyas senast 2027-03-01", or that it is overdue.
export function renewal(expires) {
  if (!expires) return "";
  return expires <= today() ? "Behöver förnyas – gick ut " + expires : "Förnyas senast " + expires;
}
