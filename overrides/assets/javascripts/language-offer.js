// Offers this page in the reader's preferred language ("Show in English?").
// The banner is hidden in the HTML; it appears only when the browser prefers a
// language we have and the reader has not said No (this visit) or Never. A
// language the reader chose (the language menu, or Yes here) is preferred over
// the browser's from then on: once English is chosen, no page offers Japanese.

import { articleTitle, languageLinks } from "./material.js";

const NO_FOR_THIS_VISIT = "help.language-offer.no"
const NEVER = "help.language-offer.never"
const CHOSEN = "help.language"

const pageLanguage = document.documentElement.lang
const offers = new Map(
  [...document.querySelectorAll("[data-offer-language]")].map(offer => [offer.dataset.offerLanguage, offer])
)

function preferredLanguage() {
  const known = [pageLanguage, ...offers.keys()]
  const chosen = stored(localStorage, CHOSEN)
  if (known.includes(chosen)) return chosen
  for (const tag of navigator.languages ?? [navigator.language]) {
    const primary = tag.toLowerCase().split("-")[0]
    if (known.includes(primary)) return primary
  }
  return pageLanguage
}

function stored(storage, key) {
  try {
    return storage.getItem(key)
  } catch {
    return null // storage blocked: ask again, never break the page
  }
}

function remembered(storage, key) {
  return stored(storage, key) !== null
}

function remember(storage, key, value = "1") {
  try {
    storage.setItem(key, value)
  } catch {
    // storage blocked: the banner still closes for this page
  }
}

function dismiss(offer, storage, key) {
  remember(storage, key)
  offer.hidden = true
  document.body.style.paddingBlockEnd = ""
  // The focused button has vanished: move keyboard and screen-reader users on
  // to what they came for, the page's title.
  const title = articleTitle()
  if (title) {
    title.tabIndex = -1
    title.focus()
  }
}

for (const link of [...languageLinks(), ...document.querySelectorAll("[data-offer-action=yes]")]) {
  link.addEventListener("click", () => remember(localStorage, CHOSEN, link.hreflang))
}

const offer = offers.get(preferredLanguage())
if (offer && !remembered(localStorage, NEVER) && !remembered(sessionStorage, NO_FOR_THIS_VISIT)) {
  offer.querySelector("[data-offer-action=no]").addEventListener("click", () =>
    dismiss(offer, sessionStorage, NO_FOR_THIS_VISIT))
  offer.querySelector("[data-offer-action=never]").addEventListener("click", () =>
    dismiss(offer, localStorage, NEVER))
  offer.hidden = false
  // Room after the footer, so the end of the page can be scrolled out from under
  // the offer; space added below everything moves nothing on screen.
  document.body.style.paddingBlockEnd = `${offer.offsetHeight}px`
}
