// What the demo keeps in this tab between pages: the simulated phones, the paper notes and the
// guide. sessionStorage survives a reload, Back and Forward, and a language switch, and never
// leaves the browser: the keys on the phones are never sent to the server.
const KEY = "demo-state";
const VERSION = 1;

export function emptyPhones() {
  return {
    old: { accounts: [], gone: null, offset: 0 },
    new: { accounts: [], gone: null, offset: 0 },
  };
}

export function emptyState() {
  return { version: VERSION, phones: emptyPhones(), active: "old", paper: [], open: false,
    guide: { scenario: null, start: 0, events: [], collapsed: false, list: false } };
}

export function loadState() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? "null");
    if (saved?.version === VERSION) return { ...emptyState(), ...saved };
  } catch {
    // storage blocked or damaged: start afresh rather than break the page
  }
  return emptyState();
}

export function saveState(state) {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(state));
  } catch {
    // storage blocked: the phones last as long as this page
  }
}

/** Whether the phones or the notes hold anything a reset would throw away. */
export function holdsSomething(state) {
  return state.paper.length > 0 ||
    Object.values(state.phones).some((phone) => phone.accounts.length > 0 || phone.gone);
}
