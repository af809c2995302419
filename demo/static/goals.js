// Which steps of a scenario the reader has reached, from the server's record (milestones) and what
// happened on the simulated phones (events). A step is a goal: facts about the account that must
// hold (content/scenarios.toml explains the words), and events only where the step is an event.
// Pure functions, no DOM: tests/browser/test_goals_js.py imports this module into a page.

const PHONE = "phone:";
const DID = "did:";

/** The account as the scenario's milestones leave it. */
export function initialRecord() {
  return { account: false, on: false, key: 0, saved: false, signedIn: null, signedInKey: 0 };
}

/** The record after one more milestone. Each confirmed setup or move makes a new key: a key
 * confirmed after another one is the new phone's. Phone events leave the record as it is. */
export function fold(record, name) {
  const next = { ...record };
  switch (name) {
    case "account_created": return { ...initialRecord(), account: true, signedIn: "password" };
    case "setup_confirmed": Object.assign(next, { on: true, key: record.key + 1, saved: false }); break;
    case "replaced": next.key = record.key + 1; break; // the recovery codes left keep working
    case "codes_saved": next.saved = true; break;
    case "disabled": case "reset_by_support": Object.assign(next, { on: false, saved: false }); break;
    case "signed_in_password": next.signedIn = "password"; break;
    case "signed_in_code": Object.assign(next, { signedIn: "code", signedInKey: record.key }); break;
    case "signed_in_recovery": Object.assign(next, { signedIn: "recovery", saved: false }); break; // a new set
    case "signed_out": case "signed_out_everywhere": case "phone_reported": next.signedIn = null; break;
    default: break;
  }
  return next;
}

/** What a step may say of the record, by the words scenarios.toml uses. */
export const FACTS = {
  "account": (r) => r.account,
  "2fa-on": (r) => r.on,
  "2fa-off": (r) => r.account && !r.on,
  "old-key": (r) => r.on && r.key === 1,
  "new-key": (r) => r.on && r.key >= 2,
  "codes-saved": (r) => r.on && r.saved,
  "signed-in": (r) => r.signedIn !== null,
  "signed-out": (r) => r.account && r.signedIn === null,
  "signed-in-with-code": (r) => r.on && r.signedIn === "code" && r.signedInKey === r.key,
  "signed-in-with-recovery-code": (r) => r.signedIn === "recovery",
};

const isPhone = (need) => need.startsWith(PHONE);
const isDid = (need) => need.startsWith(DID);
const isFact = (need) => !isPhone(need) && !isDid(need);

/**
 * For each step: true (done), "better" (done because the reader reached a later step's goal by
 * another route), "pending" (reached, but a simulated-phone action was not seen; a later step
 * confirms it) or false. ``timeline`` is every milestone ({name}) and phone event ({name:
 * "phone:..."}) since the scenario started, in order.
 *
 * A step is reached at the first moment, from the previous step's, when its facts hold and its
 * events have happened since the previous step. A reader who uses no simulated phone (a real
 * authenticator app) is not asked for phone events. A later step whose goal is reached skips the
 * ones before it only if its facts did not already hold when the last step was done, and neither
 * it nor a step it skips names a server event (an event says "after the step before", and a
 * reported phone or a refused code is the point of its step): so nothing is Done by accident.
 */
export function stepStates(steps, timeline) {
  const records = [initialRecord()];
  for (const item of timeline) records.push(fold(records.at(-1), item.name));
  const usesPhones = timeline.some((item) => isPhone(item.name));
  const holds = (step, at) => step.filter(isFact).every((need) => FACTS[need]?.(records[at]));
  const seen = (need, from, to = timeline.length) => {
    const alike = [need, need.replace(`${PHONE}scanned-`, `${PHONE}key-typed-`)]; // typing the key does what a scan does
    const index = timeline.findIndex((item, i) => i >= from && i < to && alike.includes(item.name));
    return index === -1 ? undefined : index + 1;
  };
  /** The first moment from ``from`` at which the step's facts hold and its server events happened. */
  const reach = (step, from) => {
    for (let at = from; at < records.length; at++) {
      if (holds(step, at) && step.filter(isDid).every((need) => seen(need.slice(DID.length), from, at))) return at;
    }
    return null;
  };
  const states = [];
  const confirm = () => states.forEach((state, i) => { if (state === "pending") states[i] = true; });
  let cursor = 0;
  let index = 0;
  while (index < steps.length) {
    const step = steps[index];
    const at = reach(step, cursor);
    if (at !== null) {
      const phone = step.filter(isPhone).map((need) => seen(need, cursor));
      const done = !usesPhones || phone.every((found) => found !== undefined);
      cursor = Math.max(at, ...phone.filter((found) => found !== undefined));
      if (done) confirm();
      states.push(done ? true : "pending");
      index += 1;
      continue;
    }
    const later = steps.findIndex((other, j) => j > index && other.some(isFact) && !other.some(isDid) &&
      !steps.slice(index, j).some((skipped) => skipped.some(isDid)) && !holds(other, cursor) &&
      reach(other, cursor) !== null);
    if (later === -1) break;
    confirm();
    while (states.length < later) states.push("better");
    index = later;
  }
  while (states.length < steps.length) states.push(false);
  return states;
}

/** The steps done by a better route in the last such jump, and the step it reached (1-based). */
export function lastJump(states) {
  let end = -1;
  for (let i = states.length - 1; i >= 0; i--) {
    if (states[i] === "better") { end = i; break; }
  }
  if (end === -1) return null;
  let first = end;
  while (first > 0 && states[first - 1] === "better") first -= 1;
  return { skipped: Array.from({ length: end - first + 1 }, (_, i) => first + i + 1), reached: end + 2 };
}
