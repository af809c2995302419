// textlint kept running for `mkdocs serve` (hooks/proofreading.py): started once, it lints each
// saved Japanese page in a fraction of the time a new `textlint` process takes to start and load
// its dictionary. Reads one JSON line a request, {"path": "docs/x.md", "text": "..."}, from stdin
// and answers one JSON line, [{"line": 12, "message": "...", "rule": "..."}], on stdout. The rules
// are the project's .textlintrc.yml (the folder it is started in), as `textlint` reads them.
import { createInterface } from "node:readline";
import { createLinter, loadTextlintrc } from "textlint";

const linter = createLinter({ descriptor: await loadTextlintrc() });
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const request = JSON.parse(line);
  const result = await linter.lintText(request.text, request.path);
  const found = result.messages.map((message) => ({
    line: message.line,
    message: message.message.split("\n")[0],
    rule: message.ruleId,
  }));
  process.stdout.write(JSON.stringify(found) + "\n");
}
