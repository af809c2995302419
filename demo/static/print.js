// The backup sheet's and recovery codes' print button (no inline script: the CSP forbids it).
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
