// A query that arrives without a key is searched too. Material's search box reads its value on
// keyup (and focus), so a query pasted with the mouse, dictated, or picked from an IME's list of
// candidates would sit in the box unanswered. On such an input, and when an IME's composition ends
// (Chromium sends the last input of a composition while it is still composing, then
// compositionend), this sends the keyup Material listens for; Material drops a value it already
// has, so a typed query is not searched twice. Material's page is read through material.js only.

import { searchBox } from "./material.js";

const box = searchBox();
if (box) {
  const search = () => box.input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  box.input.addEventListener("input", (event) => {
    if (!event.isComposing) search(); // while composing, the candidate is not chosen yet
  });
  box.input.addEventListener("compositionend", search);
}
