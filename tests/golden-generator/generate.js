// Regenerates the golden wire JSON of the catalogue with the official JavaScript driver.
//
//   cd tests/golden-generator
//   npm install          # the `rethinkdb` package, pinned in package.json; node_modules is not committed
//   node generate.js     # writes ../RethinkDb.Core.Tests/Golden/queries.json
//
// Each query object of the JavaScript driver has build(), which returns the term exactly as it is sent on the wire
// (the `query` of [1, query, optargs]). Only building happens here: no server is needed. CI never runs this script;
// it reads the committed queries.json.
'use strict';

const fs = require('fs');
const path = require('path');
const r = require('rethinkdb');
const driverVersion = require('rethinkdb/package.json').version;
const catalogue = require('./catalogue')(r);

const names = new Set();
const queries = catalogue.map(([name, make]) => {
  if (names.has(name)) {
    throw new Error(`duplicate catalogue name ${name}`);
  }
  names.add(name);
  const query = make();
  return {
    name,
    // The expression as written in catalogue.js, for readers of the JSON file.
    js: make.toString().replace(/^\(\)\s*=>\s*/, ''),
    wire: query.build(),
  };
});

const output = {
  generator: 'tests/golden-generator/generate.js',
  driver: `rethinkdb@${driverVersion} (JavaScript)`,
  note: 'Variable ids differ between drivers; the tests compare with ids renumbered in order of appearance.',
  queries,
};

const target = path.join(__dirname, '..', 'RethinkDb.Core.Tests', 'Golden', 'queries.json');
// One query per line keeps the file readable and its diffs small.
const header = JSON.stringify({ ...output, queries: undefined }, null, 2).replace(/\n}$/, '');
const body = queries.map((q) => '    ' + JSON.stringify(q)).join(',\n');
fs.writeFileSync(target, `${header},\n  "queries": [\n${body}\n  ]\n}\n`);
console.log(`wrote ${queries.length} queries to ${path.relative(process.cwd(), target)}`);
