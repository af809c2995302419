// Offers this page in the reader's preferred language ("Show in English?").
// The banner is hidden in the HTML; it appears only when the browser prefers a
// language we have and the reader has not said No (this visit) or Never.

import { articleTitle } from "./material.js";

const NO_FOR_THIS_VISIT = "help.language-offer.no"
const NEVER = "help.language-offer.never"

const pageLanguage = document.documentElement.lang
const offers = new Map(
  [...document.querySelectorAll("[data-offer-language]")].map(offer => [offer.dataset.offerLanguage, offer])
)

function preferredLanguage() {
  const known = [pageLanguage, ...offers.keys()]
  for (const tag of navigator.languages ?? [navigator.language]) {
    const primary = tag.toLowerCase().split("-")[0]
    if (known.includes(primary)) return primary
  }
  return pageLanguage
}

function remembered(storage, key) {
  try {
    return storage.getItem(key) !== null
  } catch {
    return false // storage blocked: ask again, never break the page
  }
}

function remember(storage, key) {
  try {
    storage.setItem(key, "1")
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
