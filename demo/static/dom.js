// Small DOM helpers shared by the demo's modules.

/** An element with attributes and children: el("p", { class: "x" }, "text", child). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** A catalog lookup: text("js.step_of", { current: 2, total: 5 }); an unknown key shows itself. */
export function textFrom(strings) {
  return (key, values = {}) => {
    let entry = strings[key] ?? key;
    if (typeof entry === "object" && !Array.isArray(entry)) {
      entry = values.count === 1 && entry.one ? entry.one : entry.other;
    }
    return String(entry).replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  };
}
