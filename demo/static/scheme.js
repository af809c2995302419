// Light or dark before the page is drawn (a classic script at the top of <body>, not a module, so the
// page never flashes light): the help center's stored choice when there is one, as Material's palette
// toggle keeps it, or else the reader's system setting; followed when either changes.
(() => {
  const PALETTE = "/.__palette"; // Material's key: its scope (the help center's root, "/") and "__palette"
  const dark = window.matchMedia("(prefers-color-scheme: dark)");
  const stored = () => {
    try {
      return JSON.parse(localStorage.getItem(PALETTE) ?? "null")?.color ?? null;
    } catch {
      return null; // storage blocked or damaged: the system setting
    }
  };
  const apply = () => {
    const chosen = stored();
    const automatic = !chosen?.scheme || chosen.media === "(prefers-color-scheme)";
    document.body.setAttribute("data-md-color-scheme", automatic ? (dark.matches ? "slate" : "default") : chosen.scheme);
  };
  apply();
  dark.addEventListener("change", apply);
  window.addEventListener("storage", apply); // the toggle used in another tab
})();
