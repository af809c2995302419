// What the demo's forms do in the browser before they are sent: a photo over the limit is refused beside
// its field, and the support request keeps a draft across a reload.

const DRAFT_KINDS = new Set(["text", "tel", "email", "date", "textarea", "radio"]);
/* Never a file (the photo), a password or the form's token. */

/** A form marked data-draft keeps what was typed in this tab's sessionStorage until it is sent: a reload
 * or a step away and back gives it back. Values the server sent back with a refusal come first. */
export function keepDraft(form) {
  const key = `demo-draft-${form.dataset.draft}`;
  const fields = [...form.elements].filter((field) => field.name && DRAFT_KINDS.has(field.type));
  let draft = {};
  try {
    draft = JSON.parse(sessionStorage.getItem(key) ?? "{}");
  } catch {
    // storage blocked or damaged: no draft
  }
  const chosen = new Set(fields.filter((field) => field.type === "radio" && field.checked).map((field) => field.name));
  for (const field of fields) {
    if (!(field.name in draft)) continue;
    if (field.type === "radio") {
      if (!chosen.has(field.name)) field.checked = field.value === draft[field.name];
    } else if (!field.value) {
      field.value = draft[field.name];
    }
  }
  const save = () => {
    const values = {};
    for (const field of fields) if (field.type !== "radio" || field.checked) values[field.name] = field.value;
    try {
      sessionStorage.setItem(key, JSON.stringify(values));
    } catch {
      // storage blocked: the draft lasts as long as this page
    }
  };
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  form.addEventListener("submit", () => sessionStorage.removeItem(key));
}

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
