// The guided scenarios: which step the reader is on (goals.js decides, from the server's record
// and what happened on the simulated phones), drawn as a compact bar above the page: one line of
// "Step 3 of 5" with its buttons, then the current instruction. Definitions come from
// content/scenarios.toml through the page data; the words from the catalog.
import { el } from "./dom.js";
import { lastJump, stepStates } from "./goals.js";

const EVENT_WORDS = {
  account_created: "js.event.account_created", setup_confirmed: "js.event.two_factor_on",
  codes_saved: "js.event.codes_saved", disabled: "js.event.two_factor_off", replaced: "js.event.replaced",
  signed_in_code: "js.event.signed_in_code", signed_in_recovery: "js.event.signed_in_recovery",
  code_refused: "js.event.refused", ticket_filed: "js.event.ticket_filed", selfie_sent: "js.event.selfie_sent",
  reset_by_support: "js.event.reset", "phone:gone": "js.event.gone", phone_reported: "js.event.phone_reported",
  password_changed: "js.event.password_changed", signed_out_everywhere: "js.event.signed_out_everywhere",
  "phone:clock-auto": "js.event.clock_auto",
};

/** "3 and 4", "3、4": the step numbers as the page's language lists them. */
function listed(numbers) {
  return new Intl.ListFormat(document.documentElement.lang, { type: "conjunction" }).format(numbers.map(String));
}

export class Guide {
  constructor(root, data, state, text, save) {
    Object.assign(this, { root, data, state, text, save });
    root.addEventListener("click", (event) => this.onClick(event));
  }

  /** Server milestones and phone events after the scenario started, in order. */
  timeline() {
    const { start, events } = this.state.guide;
    return [...this.data.milestones.map(([at, name]) => ({ name, at })), ...events]
      .filter((item) => item.at > start).sort((a, b) => a.at - b.at);
  }

  onClick(event) {
    const button = event.target.closest("button[data-guide-action]");
    if (!button) return;
    const key = button.dataset.guideAction === "collapse" ? "collapsed" : "list";
    this.state.guide[key] = !this.state.guide[key];
    this.save();
    this.render();
    this.root.querySelector(`[data-guide-action="${button.dataset.guideAction}"]`)?.focus();
  }

  render() {
    const id = this.state.guide.scenario;
    const scenario = this.data.scenarios[id];
    if (!scenario) {
      this.root.hidden = true;
      return;
    }
    const words = this.data.strings[`scenario.${id}.steps`] ?? [];
    const timeline = this.timeline();
    const states = stepStates(scenario.steps, timeline);
    const current = states.findIndex((state) => state !== true && state !== "better");
    const finished = current === -1;
    const { collapsed = false, list = false } = this.state.guide;
    this.root.hidden = false;
    this.root.dataset.guideWhere = finished ? "done" : String(current + 1);
    this.root.classList.toggle("is-collapsed", collapsed && !finished);
    const where = finished ? this.text("js.done")
      : this.text("js.step_of", { current: current + 1, total: words.length });
    const bar = el("div", { class: "demo-guide__bar" },
      el("h2", { id: "guide-title", class: "demo-guide__where" },
        el("span", { "data-guide-where": finished ? "done" : String(current + 1) }, where),
        el("span", { class: "demo-guide__title" }, `${this.text("label_gap")}${this.text(`scenario.${id}.title`)}`)),
      this.toggle("list", list, "js.all_steps", "guide-list"));
    if (!finished) bar.append(this.toggle("collapse", !collapsed, collapsed ? "js.guide_show" : "js.guide_hide", "guide-now"));
    const body = [bar];
    const now = el("div", { id: "guide-now", class: "demo-guide__now-box", ...(collapsed && !finished ? { hidden: "" } : {}) });
    if (finished) {
      now.append(this.finish(id, scenario));
    } else {
      now.append(el("p", { class: "demo-guide__now", "data-guide-now": "" }, words[current] ?? ""));
    }
    const jump = lastJump(states);
    if (jump && (finished || jump.reached <= current + 1)) {
      now.append(el("p", { class: "demo-guide__better", role: "status", "data-guide-better": jump.skipped.join(",") },
        this.text("js.better_route", { count: jump.skipped.length, reached: jump.reached,
          steps: listed(jump.skipped) })));
    }
    body.push(now);
    const items = words.map((step, index) => el("li", {
      class: states[index] === true || states[index] === "better" ? "is-done" : index === current ? "is-current" : "",
      ...(index === current ? { "aria-current": "step" } : {}),
    }, step));
    const panel = el("div", { id: "guide-list", class: "demo-guide__list", ...(list ? {} : { hidden: "" }) },
      el("ol", { class: "demo-guide__steps" }, ...items));
    const happened = timeline.filter((item) => EVENT_WORDS[item.name]).slice(-3);
    if (happened.length) {
      panel.append(el("div", { class: "demo-guide__log" }, el("h3", {}, this.text("js.happened")),
        el("ul", {}, ...happened.map((item) => el("li", {}, this.text(EVENT_WORDS[item.name]))))));
    }
    body.push(panel);
    this.root.replaceChildren(...body);
    document.documentElement.style.setProperty("--demo-guide-height", `${this.root.offsetHeight}px`);
  }

  toggle(action, expanded, key, controls) {
    return el("button", { type: "button", class: "md-button demo-guide__toggle", "data-guide-action": action,
      "aria-expanded": String(expanded), "aria-controls": controls }, this.text(key));
  }

  finish(id, scenario) {
    const next = scenario.next;
    const links = el("p", { class: "demo-guide__next" });
    if (next) {
      links.append(el("a", { class: "md-button md-button--primary", href: `/demo/scenarios/${next}` },
        this.text("js.next_scenario", { title: this.text(`scenario.${next}.title`) })));
    }
    links.append(" ", el("a", { class: "md-button", href: this.data.articles[id] }, this.text("js.back_to_article")));
    return links;
  }
}
