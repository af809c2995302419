// Lighthouse in one Chromium for many pages: node run.mjs RUNS URL... prints one line of
// JSON per run (the four scores, the paint and blocking figures, the audits that cost points).
// Called by benchmarks/lighthouse.py; CHROME_PATH and CHROME_FLAGS come from there.
import * as chromeLauncher from "chrome-launcher"
import lighthouse from "lighthouse"

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
const [runs, ...urls] = process.argv.slice(2)

function summary(result) {
  const audits = result.audits
  const lost = []
  for (const [name, category] of Object.entries(result.categories))
    for (const reference of category.auditRefs) {
      const audit = audits[reference.id]
      if (reference.weight > 0 && audit.score !== null && audit.score < 1) lost.push(`${name}: ${reference.id} (${audit.score})`)
    }
  return {
    url: result.finalDisplayedUrl,
    scores: Object.fromEntries(CATEGORIES.map(name => [name, Math.round(result.categories[name].score * 100)])),
    metrics: {
      fcp_ms: audits["first-contentful-paint"].numericValue,
      lcp_ms: audits["largest-contentful-paint"].numericValue,
      tbt_ms: audits["total-blocking-time"].numericValue,
      cls: audits["cumulative-layout-shift"].numericValue,
    },
    lost,
  }
}

const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH, chromeFlags: process.env.CHROME_FLAGS.split(" ") })
try {
  for (const url of urls)
    for (let run = 0; run < Number(runs); run++) {
      const { lhr } = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: CATEGORIES })
      process.stdout.write(JSON.stringify(summary(lhr)) + "\n")
    }
} finally {
  await chrome.kill()
}
