// A query that arrives without a key is searched too. Material's search box reads its value on
// keyup (and focus), so a query pasted with the mouse, dictated, or picked from an IME's list of
// candidates (an input event with no key after it) would sit in the box unanswered. On such an
// input this sends the keyup Material listens for; Material drops a value it already has, so a
// typed query is not searched twice. Material's page is read through material.js only.

import { searchBox } from "./material.js";

const box = searchBox();
if (box) {
  box.input.addEventListener("input", (event) => {
    if (event.isComposing) return; // an IME still composing: its chosen candidate comes as another input
    box.input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  });
}
