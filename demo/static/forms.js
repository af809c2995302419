// What the demo's forms do in the browser before they are sent: a photo over the limit is refused beside
// its field, and the support request keeps a draft across a reload.

/** A photo over the server's limit is refused beside its field at once, in the page's words (the limit
 * and how to make the photo smaller), rather than after a long upload. The server refuses it too. */
export function watchPhotoSize(main) {
  main.addEventListener("change", (event) => {
    const input = event.target.closest("input[data-max-bytes]");
    if (input) sayAboutPhoto(main, input, photoTooLarge(input));
  });
  main.addEventListener("submit", (event) => {
    const input = event.target.querySelector("input[data-max-bytes]");
    if (!input || !photoTooLarge(input)) return;
    event.preventDefault();
    sayAboutPhoto(main, input, photoTooLarge(input));
    input.focus();
  });
}

function photoTooLarge(input) {
  const file = input.files?.[0];
  return file && file.size > Number(input.dataset.maxBytes) ? input.dataset.tooLarge : "";
}

function sayAboutPhoto(main, input, message) {
  const error = main.querySelector(`[data-error-for="${input.id}"]`);
  error.textContent = message;
  input.closest(".demo-field").classList.toggle("demo-field--error", Boolean(message));
  const described = new Set((input.getAttribute("aria-describedby") ?? "").split(" ").filter(Boolean));
  if (message) {
    input.setAttribute("aria-invalid", "true");
    described.add(error.id);
  } else {
    input.removeAttribute("aria-invalid");
    described.delete(error.id);
  }
  input.setAttribute("aria-describedby", [...described].join(" "));
}
