// Two simulated phones with an authenticator app each, and the reader's paper notes.
// Keys live only in this page's memory (SECURITY: nothing here is sent to the server).
import { decodeBase32, normaliseKey, parseOtpauthUri, secondsLeft, totp } from "./totp.js";

const HOLD_MS = 600; // press-and-hold on the QR code copies the key, as the apps in the articles do
const OFFSETS = [-90, -60, -30, 0, 30, 60, 90];

export class Phone {
  constructor(id) {
    this.id = id;
    this.accounts = []; // {label, secret, algorithm, digits, period}
    this.gone = null; // "lost" | "broken" | "drowned" | "traded_in" | "stolen"
    this.offset = 0;
  }

  add(account) {
    this.accounts = this.accounts.filter((known) => known.label !== account.label).concat(account);
  }

  // Out of the reader's hands. A stolen phone still shows its codes: they are what the thief sees.
  wipe(reason) {
    if (reason !== "stolen") this.accounts = [];
    this.gone = reason;
  }
}

export class Simulator {
  constructor(root, strings, notify) {
    this.root = root;
    this.t = strings;
    this.notify = notify; // (event, detail) => void: the guide listens
    this.phones = [new Phone("old"), new Phone("new")];
    this.paper = [];
    this.render();
    setInterval(() => this.tick(), 1000);
    root.addEventListener("click", (event) => this.onClick(event));
    root.addEventListener("submit", (event) => this.onSubmit(event));
    root.addEventListener("change", (event) => this.onChange(event));
  }

  setStrings(strings) {
    this.t = strings;
    this.render();
  }

  text(key, values = {}) {
    return (this.t[key] ?? key).replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");
  }

  // Redraw, keeping focus on the control the reader was using (or the one named).
  render(focus = null) {
    const { root } = this;
    const active = document.activeElement;
    const again = focus ?? (root.contains(active) && active.id ? `#${CSS.escape(active.id)}` : null);
    root.replaceChildren();
    root.append(el("h2", { id: "simulator-title" }, this.text("js.simulator")), el("p", { class: "hint" }, this.text("js.simulator_note")));
    for (const phone of this.phones) root.append(this.renderPhone(phone));
    const paper = el("section", { class: "paper", "aria-labelledby": "paper-title" },
      el("h3", { id: "paper-title" }, this.text("js.paper")));
    const tools = el("p", { class: "paper__tools" },
      el("button", { type: "button", "data-action": "write-key", id: "write-key" }, this.text("js.write_key")), " ",
      el("button", { type: "button", "data-action": "write-codes", id: "write-codes" }, this.text("js.write_codes")));
    const list = el("ul", { "data-paper": "" }, ...this.paper.map((line) => el("li", { "data-value": line.value }, el("code", {}, line.text))));
    paper.append(tools, this.paper.length ? list : el("p", {}, this.text("js.paper_empty")));
    root.append(paper, el("p", { class: "simulator__status", role: "status", "aria-live": "polite", "data-status": "" }));
    this.tick();
    if (again) root.querySelector(again)?.focus();
  }

  renderPhone(phone) {
    const title = this.text(`js.${phone.id}`);
    const section = el("section", { class: `phone${phone.gone ? " phone--gone" : ""}`, "data-phone": phone.id, "aria-labelledby": `phone-${phone.id}` },
      el("h3", { id: `phone-${phone.id}`, tabindex: "-1" }, title));
    section.append(el("p", { class: "phone__state" }, phone.gone ? this.text(`js.gone.${phone.gone}`) : this.text("js.working")));
    if (phone.gone && !phone.accounts.length) return section;
    const list = el("ul", { class: "phone__accounts" });
    for (const account of phone.accounts) {
      list.append(el("li", { "data-account": account.label },
        el("span", { class: "phone__label" }, account.label), " ",
        el("output", { class: "phone__code", "data-code": "", "aria-label": this.text("js.code_for", { account: account.label }) }, "······"), " ",
        el("span", { class: "phone__left", "data-left": "" })));
    }
    section.append(phone.accounts.length ? list : el("p", {}, this.text("js.no_accounts")));
    if (phone.gone) return section;
    section.append(el("p", {}, el("button", { type: "button", "data-action": "scan", id: `scan-${phone.id}` }, this.text("js.scan"))));
    const keyId = `key-${phone.id}`;
    section.append(el("form", { class: "phone__key", "data-action": "add-key" },
      el("label", { for: keyId }, this.text("js.key_field")),
      el("input", { id: keyId, name: "key", autocomplete: "off", autocapitalize: "characters", spellcheck: "false" }),
      el("button", { type: "submit" }, this.text("js.add")),
      el("p", { class: "error", "data-key-error": "", id: `${keyId}-error`, role: "alert" })));
    const clockId = `clock-${phone.id}`;
    const clock = el("select", { id: clockId, "data-action": "clock" },
      ...OFFSETS.map((seconds) => el("option", { value: String(seconds), ...(seconds === phone.offset ? { selected: "" } : {}) },
        this.text("js.seconds", { seconds: seconds > 0 ? `+${seconds}` : String(seconds) }))));
    section.append(el("p", {}, el("label", { for: clockId }, this.text("js.clock")), " ", clock));
    if (phone.id === "old") {
      const reasonId = "gone-reason";
      section.append(el("form", { class: "phone__gone", "data-action": "lose" },
        el("label", { for: reasonId }, this.text("js.what_happens")), " ",
        el("select", { id: reasonId, name: "reason" },
          ...["lost", "stolen", "broken", "drowned", "traded_in"].map((reason) => el("option", { value: reason }, this.text(`js.reason.${reason}`)))),
        " ", el("button", { type: "submit" }, this.text("js.lose"))));
    }
    return section;
  }

  async tick() {
    const now = Date.now() / 1000;
    for (const phone of this.phones) {
      const section = this.root.querySelector(`[data-phone="${phone.id}"]`);
      for (const account of phone.accounts) {
        const item = section?.querySelector(`[data-account="${CSS.escape(account.label)}"]`);
        if (!item) continue;
        const at = now + phone.offset;
        const code = await totp(decodeBase32(account.secret), at, { step: account.period, digits: account.digits, algorithm: account.algorithm });
        item.querySelector("[data-code]").textContent = code;
        item.querySelector("[data-left]").textContent = this.text("js.seconds_left", { seconds: secondsLeft(at, account.period) });
      }
    }
  }

  say(message) {
    const status = this.root.querySelector("[data-status]");
    if (status) status.textContent = message;
  }

  phone(element) {
    return this.phones.find((phone) => phone.id === element.closest("[data-phone]")?.dataset.phone);
  }

  onClick(event) {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const action = button.dataset.action;
    if (action === "scan") this.scan(this.phone(button));
    if (action === "write-key") this.writeKey();
    if (action === "write-codes") this.writeCodes();
  }

  scan(phone) {
    const qr = document.querySelector("#page [data-otpauth-uri]");
    if (!qr) return this.say(this.text("js.no_qr"));
    const account = parseOtpauthUri(qr.dataset.otpauthUri);
    const label = `${account.issuer}: ${account.account}`;
    phone.add({ ...account, label });
    this.render();
    this.say(this.text("js.scanned", { account: label }));
    this.notify("scanned", { phone: phone.id });
  }

  writeKey() {
    const key = document.querySelector("#page [data-key]")?.textContent.trim();
    if (!key) return this.say(this.text("js.no_qr"));
    this.paper.push({ kind: "key", text: this.text("js.paper_key", { key }) , value: key });
    this.render();
    this.notify("paper-key", {});
  }

  writeCodes() {
    const codes = [...document.querySelectorAll("#page [data-recovery-codes] code")].map((code) => code.textContent.trim());
    if (!codes.length) return;
    for (const code of codes) this.paper.push({ kind: "code", text: this.text("js.paper_code", { code }), value: code });
    this.render();
    this.notify("paper-codes", {});
  }

  onSubmit(event) {
    const form = event.target.closest("form[data-action]");
    if (!form) return;
    event.preventDefault();
    event.stopPropagation();
    const phone = this.phone(form);
    if (form.dataset.action === "lose") {
      phone.wipe(form.elements.reason.value);
      this.render(`#phone-${phone.id}`);
      this.notify("gone", { reason: phone.gone });
      return;
    }
    const typed = normaliseKey(form.elements.key.value);
    const input = form.elements.key;
    if (typed.error) {
      form.querySelector("[data-key-error]").textContent = this.text(`error.${typed.error}`);
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", input.id + "-error");
      input.focus();
      return;
    }
    phone.add({ secret: typed.key, algorithm: "SHA-1", digits: 6, period: 30, label: this.text("js.manual_label") });
    this.render(`[data-phone="${phone.id}"] input[name=key]`);
    this.say(this.text("js.scanned", { account: phone.accounts.at(-1).label }));
    this.notify("key-typed", { phone: phone.id });
  }

  onChange(event) {
    const select = event.target.closest("select[data-action=clock]");
    if (!select) return;
    this.phone(select).offset = Number(select.value);
    this.tick();
    this.notify("clock", { offset: Number(select.value) });
  }

  // Press and hold the QR code: copy the key (apps in the articles do this).
  watchHolds() {
    let timer = null;
    document.addEventListener("pointerdown", (event) => {
      const qr = event.target.closest("#page [data-otpauth-uri]");
      if (!qr) return;
      timer = setTimeout(() => this.copyKey(qr), HOLD_MS);
    });
    for (const type of ["pointerup", "pointerleave", "pointercancel"]) document.addEventListener(type, () => clearTimeout(timer), true);
    document.addEventListener("contextmenu", (event) => { if (event.target.closest("[data-otpauth-uri]")) event.preventDefault(); });
  }

  async copyKey(qr) {
    const key = parseOtpauthUri(qr.dataset.otpauthUri).secret.replace(/(.{4})(?=.)/g, "$1 ");
    try { await navigator.clipboard.writeText(key); } catch { /* no clipboard permission: the message still shows it */ }
    this.say(this.text("js.copied", { key }));
    this.notify("copied", {});
  }
}

export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}
