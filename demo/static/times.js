// Times in the reader's own time zone: the server writes each as a machine-readable <time datetime>
// in UTC (the text a page without scripts shows), and the browser, which knows the reader's zone,
// writes it again in the page's language.

export function showLocalTimes(root, language) {
  const format = new Intl.DateTimeFormat(language, {
    year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short",
  });
  for (const time of root.querySelectorAll("time[data-local]")) {
    const moment = new Date(time.dateTime);
    if (!Number.isNaN(moment.getTime())) time.textContent = format.format(moment);
  }
}
