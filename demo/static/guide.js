// The guided scenarios: where the reader is, what to do next, what happened.
// Each step is done when the reader's state says so; the words come from the server's strings.
import { el } from "./phone.js";

const has = (state, ...names) => names.every((name) => state.has(name));
const SCENARIOS = {
  prepare: [(s) => has(s, "account"), (s) => has(s, "scanned-old"), (s) => has(s, "paper-key"), (s) => has(s, "paper-codes", "two-factor-on")],
  "route-a": [(s) => has(s, "account"), (s) => has(s, "scanned-old", "paper-key"), (s) => has(s, "two-factor-on"),
    (s) => has(s, "gone"), (s) => has(s, "key-typed-new"), (s) => has(s, "gone", "signed-in-code")],
  "route-b": [(s) => has(s, "account"), (s) => has(s, "scanned-old", "two-factor-on"), (s) => has(s, "two-factor-off"),
    (s) => has(s, "scanned-new", "two-factor-on-again"), (s) => has(s, "two-factor-on-again", "signed-in-code")],
  "route-c": [(s) => has(s, "account"), (s) => has(s, "scanned-old", "two-factor-on"), (s) => has(s, "gone"),
    (s) => has(s, "ticket-selfie_requested"), (s) => has(s, "ticket-selfie_received"), (s) => has(s, "reset"),
    (s) => has(s, "reset", "scanned-new", "two-factor-on-again", "account-page")],
  "trade-in": [(s) => has(s, "account"), (s) => has(s, "two-factor-on", "paper-codes"), (s) => has(s, "gone"),
    (s) => has(s, "signed-in-recovery"), (s) => has(s, "replaced"), (s) => has(s, "replaced", "signed-in-code")],
  "recovery-code": [(s) => has(s, "account"), (s) => has(s, "two-factor-on", "paper-codes"), (s) => has(s, "gone"),
    (s) => has(s, "signed-in-recovery"), (s) => has(s, "replaced"), (s) => has(s, "replaced", "refused"),
    (s) => has(s, "replaced", "refused", "signed-in-code")],
  "clock-drift": [(s) => has(s, "account"), (s) => has(s, "scanned-old", "two-factor-on"), (s) => has(s, "refused"),
    (s) => has(s, "refused", "signed-in-code", "step-1")],
};
// A sign-in counts for the step it finishes only if it comes after what the step is about.
const RESETS = { gone: ["signed-in-code", "signed-in-recovery"], "two-factor-on-again": ["signed-in-code"],
  refused: ["signed-in-code"], replaced: ["signed-in-code", "refused"] };

export class Guide {
  constructor(root, strings) {
    this.root = root;
    this.t = strings;
    this.scenario = null;
    this.state = new Set();
    this.log = [];
  }

  setStrings(strings) {
    this.t = strings;
    this.render();
  }

  text(key, values = {}) {
    return (this.t[key] ?? key).replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");
  }

  start(scenario) {
    if (this.scenario === scenario || !SCENARIOS[scenario]) return;
    this.scenario = scenario;
    this.state = new Set();
    this.log = [];
    this.render();
  }

  record(event, message = null) {
    if (event === "two-factor-on" && (this.state.has("two-factor-off") || this.state.has("reset"))) this.mark("two-factor-on-again");
    this.mark(event);
    if (message) this.log.push(message);
    this.render();
  }

  mark(event) {
    if (!this.state.has(event)) for (const stale of RESETS[event] ?? []) this.state.delete(stale);
    this.state.add(event);
  }

  steps() {
    const texts = (this.t[`scenario.${this.scenario}.steps`] ?? "").split("\n");
    let open = true;
    return SCENARIOS[this.scenario].map((done, index) => {
      const finished = open && done(this.state);
      if (!finished) open = false;
      return { text: texts[index], finished };
    });
  }

  render() {
    if (!this.scenario) return;
    this.root.hidden = false;
    const steps = this.steps();
    const current = steps.findIndex((step) => !step.finished);
    const list = el("ol", { class: "guide__steps" }, ...steps.map((step, index) =>
      el("li", { class: step.finished ? "done" : index === current ? "current" : "", ...(index === current ? { "aria-current": "step" } : {}) }, step.text)));
    const where = current === -1 ? this.text("js.done") : this.text("js.step_of", { current: current + 1, total: steps.length });
    this.root.replaceChildren(
      el("h2", { id: "guide-title" }, `${this.text("js.guide")}: ${this.text(`scenario.${this.scenario}.title`)}`),
      el("p", { class: "guide__where", "data-guide-where": current === -1 ? "done" : String(current + 1) }, where),
      list,
      el("h3", {}, this.text("js.happened")),
      el("ul", { class: "guide__log", "aria-live": "polite" }, ...this.log.slice(-4).map((line) => el("li", {}, line))));
  }
}
