// Two simulated phones with an authenticator app each, and the reader's paper notes.
// On a phone-sized screen a dock at the bottom keeps the active phone's code beside the form
// that needs it, and opens into the full phones; on a wide screen they sit beside the page.
// The keys live in this tab's sessionStorage only (state.js): nothing here reaches the server.
import { el } from "./dom.js";
import { emptyPhones } from "./state.js";
import { ALGORITHMS, decodeBase32, normaliseKey, parseOtpauthUri, secondsLeft, totp } from "./totp.js";

const HOLD_MS = 600; // press-and-hold on the QR code copies the key, as the apps in the articles do
const PHONES = ["old", "new"];
const REASONS = ["lost", "stolen", "broken", "drowned", "traded_in"];

export class Phones {
  /** otp: the service's figures from the page data (step, digits, algorithm, key limits); none is
   * written here. notify(event) tells the guide what happened on a phone ("scanned-old", "gone", ...). */
  constructor(root, state, otp, text, save, notify) {
    Object.assign(this, { root, state, otp, text, save, notify });
    root.addEventListener("click", (event) => this.onClick(event));
    root.addEventListener("submit", (event) => this.onSubmit(event));
    root.addEventListener("change", (event) => this.onChange(event));
    root.addEventListener("keydown", (event) => this.onKey(event));
    setInterval(() => this.tick(), 1000);
  }

  get active() {
    return this.state.phones[this.state.active];
  }

  qr() {
    return document.querySelector("#main [data-otpauth-uri]");
  }

  render(focus = null) {
    const active = document.activeElement;
    const again = focus ?? (this.root.contains(active) && active.id ? `#${CSS.escape(active.id)}` : null);
    const open = this.state.open;
    this.root.hidden = false;
    this.root.classList.toggle("is-open", open);
    this.root.replaceChildren(
      el("h2", { id: "phones-title", class: "demo-phones__title" }, this.text("js.simulator")),
      this.dock(open),
      el("div", { id: "phones-body", class: "demo-phones__body" },
        this.tabs(), this.phone(this.state.active), this.paper(),
        el("p", {}, el("button", { type: "button", class: "md-button", "data-action": "reset", id: "reset-phones" },
          this.text("js.reset"))),
        el("p", { class: "demo-hint" }, this.text("js.simulator_note"))),
    );
    this.tick();
    if (again) this.root.querySelector(again)?.focus();
  }

  /** The bar a phone-sized screen keeps at the bottom: name, code, time left, main action. */
  dock(open) {
    const phone = this.active;
    const account = phone.accounts.at(-1);
    const showsCode = account && (!phone.gone || phone.gone === "stolen");
    const name = el("span", { class: "demo-dock__name" }, this.text(`js.${this.state.active}`));
    if (showsCode) name.append(" ", el("span", { class: "demo-dock__left", "data-dock-left": "" }));
    const reading = showsCode
      ? el("output", { class: "demo-dock__reading demo-dock__code", "data-dock-code": "",
        "aria-label": this.text("js.code_for", { account: label(account, this.text) }) }, placeholder(account))
      : el("span", { class: "demo-dock__reading demo-hint" },
        phone.gone ? this.text(`js.gone_short.${phone.gone}`) : this.text("js.no_accounts"));
    const actions = el("span", { class: "demo-dock__actions" });
    const qr = this.qr();
    const scanned = qr && phone.accounts.some((known) => known.secret === parseOtpauthUri(qr.dataset.otpauthUri).secret);
    if (qr && !phone.gone && !scanned) {
      actions.append(el("button", { type: "button", class: "md-button md-button--primary", "data-action": "scan", id: "dock-scan" },
        this.text("js.scan_short")));
    }
    actions.append(el("button", { type: "button", class: "md-button", "data-action": "toggle", id: "dock-toggle",
      "aria-expanded": String(open), "aria-controls": "phones-body" }, this.text(open ? "js.close_phones" : "js.open_phones")));
    return el("div", { class: "demo-dock" }, name, reading, actions,
      el("p", { class: "demo-status", role: "status", "data-status-for": "phones" }));
  }

  /** The ARIA tabs pattern: one tab in the tab order (the chosen one), the arrow keys, Home and End
   * move between them; only the chosen phone's panel is drawn, so only its tab controls one. */
  tabs() {
    return el("div", { class: "demo-phones__tabs", role: "tablist", "aria-label": this.text("js.simulator") },
      ...PHONES.map((id) => el("button", {
        type: "button", role: "tab", id: `tab-${id}`, "data-action": "choose", "data-phone": id,
        "aria-selected": String(id === this.state.active),
        ...(id === this.state.active ? { "aria-controls": `phone-${id}` } : { tabindex: "-1" }),
      }, this.text(`js.${id}`))));
  }

  onKey(event) {
    const tab = event.target.closest("[role=tab]");
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (!tab || (step === undefined && event.key !== "Home" && event.key !== "End")) return;
    event.preventDefault();
    const at = PHONES.indexOf(tab.dataset.phone);
    const next = event.key === "Home" ? 0 : event.key === "End" ? PHONES.length - 1
      : (at + step + PHONES.length) % PHONES.length;
    this.choose(PHONES[next]);
  }

  phone(id) {
    const phone = this.state.phones[id];
    const section = el("section", { class: `demo-phone${phone.gone ? " is-gone" : ""}`, id: `phone-${id}`,
      role: "tabpanel", "aria-labelledby": `tab-${id}`, tabindex: "0", "data-phone": id });
    section.append(el("p", { class: "demo-phone__state" }, phone.gone ? this.text(`js.gone.${phone.gone}`) : this.text("js.working")));
    const showsCodes = phone.accounts.length && (!phone.gone || phone.gone === "stolen");
    if (showsCodes) {
      section.append(el("ul", { class: "demo-phone__accounts" }, ...phone.accounts.map((account, index) =>
        el("li", { "data-account": String(index) },
          el("span", { class: "demo-phone__label" }, label(account, this.text)), " ",
          el("output", { class: "demo-phone__code", "data-code": "", "aria-label": this.text("js.code_for", { account: label(account, this.text) }) }, placeholder(account)), " ",
          el("span", { class: "demo-phone__left", "data-left": "" })))));
    } else if (!phone.gone) {
      section.append(el("p", {}, this.text("js.no_accounts")));
    }
    if (phone.gone) return section;
    section.append(el("p", {}, el("button", { type: "button", class: "md-button", "data-action": "scan", id: `scan-${id}` }, this.text("js.scan"))));
    const keyId = `key-${id}`;
    section.append(el("form", { class: "demo-phone__key", "data-action": "add-key" },
      el("label", { for: keyId }, this.text("js.key_field")),
      el("input", { id: keyId, name: "key", autocomplete: "off", autocapitalize: "characters", spellcheck: "false" }),
      el("button", { type: "submit", class: "md-button" }, this.text("js.add")),
      el("p", { class: "demo-error", "data-key-error": "", id: `${keyId}-error` })));
    const clockId = `clock-${id}`;
    const steps = [-3, -2, -1, 0, 1, 2, 3];
    section.append(el("p", { class: "demo-phone__clock" }, el("label", { for: clockId }, this.text("js.clock")), " ",
      el("select", { id: clockId, "data-action": "clock" }, ...steps.map((n) => {
        const seconds = n * this.otp.step;
        return el("option", { value: String(seconds), ...(seconds === phone.offset ? { selected: "" } : {}) },
          seconds === 0 ? this.text("js.clock_auto")
            : this.text("js.seconds", { seconds: seconds > 0 ? `+${seconds}` : String(seconds) }));
      }))));
    if (id === "old") {
      section.append(el("form", { class: "demo-phone__gone", "data-action": "lose" },
        el("label", { for: "gone-reason" }, this.text("js.what_happens")), " ",
        el("select", { id: "gone-reason", name: "reason" },
          ...REASONS.map((reason) => el("option", { value: reason }, this.text(`js.reason.${reason}`)))),
        " ", el("button", { type: "submit", class: "md-button" }, this.text("js.lose"))));
    }
    return section;
  }

  paper() {
    const notes = this.state.paper;
    return el("section", { class: "demo-paper", "aria-labelledby": "paper-title" },
      el("h3", { id: "paper-title" }, this.text("js.paper")),
      notes.length
        ? el("ul", { "data-paper": "" }, ...notes.map((note) => {
          const written = el("code", {}, this.text(`js.paper_${note.kind}`, { value: note.value }));
          return note.used  // a recovery code the server took is crossed out, as on real paper
            ? el("li", { "data-value": note.value, "data-used": "" }, el("del", {}, written), this.text("js.paper_used"))
            : el("li", { "data-value": note.value }, written);
        }))
        : el("p", {}, this.text("js.paper_empty")));
  }

  async tick() {
    const now = Date.now() / 1000;
    for (const id of PHONES) {
      const phone = this.state.phones[id];
      const section = this.root.querySelector(`#phone-${id}`);
      for (const [index, account] of phone.accounts.entries()) {
        const item = section?.querySelector(`[data-account="${index}"]`);
        const dock = id === this.state.active && index === phone.accounts.length - 1;
        if (!item && !dock) continue;
        const at = now + phone.offset;
        const code = await totp(decodeBase32(account.secret), at, { step: account.period, digits: account.digits, algorithm: account.algorithm });
        const left = this.text("js.seconds_left", { count: secondsLeft(at, account.period) });
        if (item) {
          item.querySelector("[data-code]").textContent = code;
          item.querySelector("[data-left]").textContent = left;
        }
        const dockCode = dock && this.root.querySelector("[data-dock-code]");
        if (dockCode) {
          dockCode.textContent = code;
          this.root.querySelector("[data-dock-left]").textContent = left;
        }
      }
    }
  }

  say(message, where = "phones") {
    const status = document.querySelector(`[data-status-for="${where}"]`);
    if (status) status.textContent = message;
  }

  onClick(event) {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const action = button.dataset.action;
    if (action === "scan") {
      this.scan(button.id === "dock-scan" ? this.state.active : button.closest("[data-phone]").dataset.phone, button.id);
    }
    if (action === "toggle") {
      this.state.open = !this.state.open;
      this.save();
      this.render("#dock-toggle");
    }
    if (action === "choose") this.choose(button.dataset.phone);
    if (action === "reset" && window.confirm(this.text("js.reset_confirm"))) this.reset();
  }

  choose(id) {
    this.state.active = id;
    this.save();
    this.render(`#tab-${id}`);
  }

  reset() {
    Object.assign(this.state, { phones: emptyPhones(), paper: [], active: "old" });
    this.save();
    this.render("#reset-phones");
    this.say(this.text("js.reset_done"));
  }

  /** Add the QR code's account to phone ``id``; focus goes back to the button pressed (``from``), or, where
   * the dock's Scan is gone once the phone has the account, to the dock's Open. */
  scan(id, from = "") {
    const qr = this.qr();
    if (!qr) return this.say(this.text("js.no_qr"));
    const account = parseOtpauthUri(qr.dataset.otpauthUri);
    const phone = this.state.phones[id];
    phone.accounts = phone.accounts.filter((known) => known.secret !== account.secret).concat(account);
    this.state.active = id;
    this.save();
    this.render(from && from !== "dock-scan" ? `#${from}` : "#dock-toggle");
    this.say(this.text("js.scanned", { phone: this.text(`js.${id}`), account: label(account, this.text) }));
    this.notify(`scanned-${id}`);
  }

  onSubmit(event) {
    const form = event.target.closest("form[data-action]");
    if (!form) return;
    event.preventDefault();
    const id = form.closest("[data-phone]").dataset.phone;
    const phone = this.state.phones[id];
    if (form.dataset.action === "lose") {
      const reason = form.elements.reason.value;
      if (reason !== "stolen") phone.accounts = [];
      phone.gone = reason;
      this.state.active = "new";
      this.save();
      this.render("#tab-old");
      this.say(this.text(`js.gone.${reason}`));
      this.notify("gone");
      return;
    }
    const input = form.elements.key;
    const typed = normaliseKey(input.value, this.otp);
    if (typed.error) {
      form.querySelector("[data-key-error]").textContent = this.text(typed.error);
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", `${input.id}-error`);
      input.focus();
      return;
    }
    const account = { secret: typed.key, algorithm: ALGORITHMS[this.otp.algorithm], digits: this.otp.digits,
      period: this.otp.step, manual: true };
    phone.accounts = phone.accounts.filter((known) => known.secret !== account.secret).concat(account);
    this.state.active = id;
    this.save();
    this.render(`#key-${id}`);
    this.say(this.text("js.scanned", { phone: this.text(`js.${id}`), account: label(account, this.text) }));
    this.notify(`key-typed-${id}`);
  }

  onChange(event) {
    const select = event.target.closest("select[data-action=clock]");
    if (!select) return;
    this.state.phones[select.closest("[data-phone]").dataset.phone].offset = Number(select.value);
    this.save();
    this.tick();
    if (Number(select.value) === 0) this.notify("clock-auto"); // back on the network's time
  }

  /** Press and hold the QR code: copy the key (the apps in the articles do this). */
  watchHolds() {
    let timer = null;
    document.addEventListener("pointerdown", (event) => {
      const qr = event.target.closest("#main [data-otpauth-uri]");
      if (qr) timer = setTimeout(() => this.copyKey(qr), HOLD_MS);
    });
    for (const type of ["pointerup", "pointerleave", "pointercancel"]) document.addEventListener(type, () => clearTimeout(timer), true);
    document.addEventListener("contextmenu", (event) => { if (event.target.closest("[data-otpauth-uri]")) event.preventDefault(); });
  }

  /** Copy the key (press and hold the QR code, or the Copy button beside the key): the clipboard gets
   * the key as the app reads it, without spaces; the status shows it in groups, to compare by eye. */
  copyKey(qr) {
    const key = parseOtpauthUri(qr.dataset.otpauthUri).secret;
    // Said first: a clipboard that asks for permission may never answer, and the key is in the message.
    this.say(this.text("js.copied", { key: key.replace(/(.{4})(?=.)/g, "$1 ") }), "key");
    this.notify("key-saved");
    navigator.clipboard?.writeText(key).catch(() => {});
  }
}

/** A code's place before it is computed: one dot a digit. */
function placeholder(account) {
  return "·".repeat(account.digits);
}

/** How an account appears in the app: "Issuer: account", or the words for a key typed by hand. */
function label(account, text) {
  return account.manual ? text("js.manual_label") : `${account.issuer}: ${account.account}`;
}
