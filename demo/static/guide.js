// The guided scenarios: which step the reader is on, from the server's record of what they did
// (milestones) and what they did on the simulated phones (events). Definitions come from
// content/scenarios.toml through the page data; the words from the catalog.
import { el } from "./dom.js";

const PHONE = "phone:";
const EVENT_WORDS = {
  account_created: "js.event.account_created", setup_confirmed: "js.event.two_factor_on",
  codes_saved: "js.event.codes_saved", disabled: "js.event.two_factor_off", replaced: "js.event.replaced",
  signed_in_code: "js.event.signed_in_code", signed_in_recovery: "js.event.signed_in_recovery",
  code_refused: "js.event.refused", ticket_filed: "js.event.ticket_filed", selfie_sent: "js.event.selfie_sent",
  reset_by_support: "js.event.reset", "phone:gone": "js.event.gone", phone_reported: "js.event.phone_reported",
  password_changed: "js.event.password_changed", signed_out_everywhere: "js.event.signed_out_everywhere",
};

/**
 * For each step: true (done), "pending" (the server record shows the reader went on, but a
 * simulated-phone action was not seen; a later done step, or being the last, confirms it) or false.
 * Everything a step needs must have happened after the step before it.
 */
export function stepStates(steps, timeline, start) {
  const states = [];
  let cursor = start;
  for (const needs of steps) {
    const find = (name) => timeline.find((item) => item.name === name && item.at > cursor)?.at;
    const hard = needs.filter((need) => !need.startsWith(PHONE)).map(find);
    const soft = needs.filter((need) => need.startsWith(PHONE)).map(find);
    if (hard.some((at) => at === undefined)) {
      states.push(false);
      break;
    }
    const found = [...hard, ...soft].filter((at) => at !== undefined);
    cursor = Math.max(cursor, ...found);
    if (soft.every((at) => at !== undefined)) {
      for (let index = 0; index < states.length; index++) if (states[index] === "pending") states[index] = true;
      states.push(true);
    } else {
      states.push("pending");
    }
  }
  while (states.length < steps.length) states.push(false);
  // The last step has nothing after it to confirm a pending one: what the server saw is enough.
  if (states.at(-1) === "pending") return states.map((state) => (state === "pending" ? true : state));
  return states;
}

export class Guide {
  constructor(root, data, state, text) {
    this.root = root;
    this.data = data;
    this.state = state;
    this.text = text;
  }

  /** Server milestones and phone events after the scenario started, in order. */
  timeline() {
    const { start, events } = this.state.guide;
    return [...this.data.milestones.map(([at, name]) => ({ name, at })), ...events]
      .filter((item) => item.at > start).sort((a, b) => a.at - b.at);
  }

  render() {
    const scenario = this.data.scenarios[this.state.guide.scenario];
    if (!scenario) {
      this.root.hidden = true;
      return;
    }
    const id = this.state.guide.scenario;
    const words = this.data.strings[`scenario.${id}.steps`] ?? [];
    const timeline = this.timeline();
    const states = stepStates(scenario.steps, timeline, this.state.guide.start);
    const current = states.findIndex((state) => state !== true);
    const finished = current === -1;
    this.root.hidden = false;
    this.root.dataset.guideWhere = finished ? "done" : String(current + 1);
    const items = words.map((words, index) => el("li", {
      class: states[index] === true ? "is-done" : index === current ? "is-current" : "",
      ...(index === current ? { "aria-current": "step" } : {}),
    }, words));
    const where = finished ? this.text("js.done")
      : this.text("js.step_of", { current: current + 1, total: words.length });
    const body = [
      el("h2", { id: "guide-title" }, `${this.text("js.guide")}${this.text("label_gap")}${this.text(`scenario.${id}.title`)}`),
      el("p", { class: "demo-guide__where", "data-guide-where": finished ? "done" : String(current + 1) }, where),
    ];
    if (finished) {
      body.push(this.finish(id, scenario));
    } else {
      body.push(el("p", { class: "demo-guide__now" }, words[current] ?? ""));
    }
    body.push(el("details", { class: "demo-guide__all" },
      el("summary", {}, this.text("js.all_steps")), el("ol", { class: "demo-guide__steps" }, ...items)));
    const happened = timeline.filter((item) => EVENT_WORDS[item.name]).slice(-3);
    if (happened.length) {
      body.push(el("div", { class: "demo-guide__log" }, el("h3", {}, this.text("js.happened")),
        el("ul", {}, ...happened.map((item) => el("li", {}, this.text(EVENT_WORDS[item.name]))))));
    }
    this.root.replaceChildren(...body);
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
