// Copies SUSHI's example instances into the implementation guide folder (no dependencies, Node >= 18):
//   fhir-profiles/fsh-generated/resources/<Type>-<id>.json
//     -> ig/examples/<Type>-<id>.json            every instance that is not a conformance resource and not fail-*
//     -> ig/counter-examples/<Type>-fail-*.json  every fail-* instance (each breaks one rule)
//     -> ig/examples/bundles/Bundle-*.json       transaction Bundles (PUT, idempotent) that load the examples:
//        one per patient record (shared organisations/practitioners + that patient's resources) and one for the
//        remaining pass-* examples. Load them in the order of their file names' numeric prefix.
// ig/counter-examples/expected-errors.json is hand-written and left alone.
// Usage: node publish-examples.mjs <repo-root>
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(process.argv[2] ?? '.');
const generated = path.join(root, 'fhir-profiles', 'fsh-generated', 'resources');
const examplesDir = path.join(root, 'ig', 'examples');
const bundlesDir = path.join(examplesDir, 'bundles');
const counterDir = path.join(root, 'ig', 'counter-examples');
const CONFORMANCE = new Set(['StructureDefinition', 'CodeSystem', 'ValueSet', 'SearchParameter', 'ImplementationGuide', 'Measure']);
const BASE = 'https://fhir.concord.org.uk/fhir/';

for (const dir of [examplesDir, bundlesDir, counterDir]) {
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(dir)) {
    if (f.endsWith('.json') && f !== 'expected-errors.json') fs.rmSync(path.join(dir, f));
  }
}

const write = (file, obj) => fs.writeFileSync(file, JSON.stringify(obj, null, 2) + '\n');
const ig = JSON.parse(fs.readFileSync(path.join(generated, 'ImplementationGuide-concord.fhir.r4.json'), 'utf8'));
const listed = (ig.definition?.resource ?? []).map(r => r.reference?.reference ?? '');
const leaked = listed.filter(ref => ref.split('/')[1]?.startsWith('fail-'));
if (leaked.length) {
  console.error(`Counter-examples listed in the ImplementationGuide (add "omit: true" under resources: in sushi-config.yaml): ${leaked.join(', ')}`);
  process.exit(1);
}
const examples = [];
let counter = 0;
for (const f of fs.readdirSync(generated).sort()) {
  if (!f.endsWith('.json')) continue;
  const res = JSON.parse(fs.readFileSync(path.join(generated, f), 'utf8'));
  if (CONFORMANCE.has(res.resourceType)) continue;
  if (res.id.startsWith('fail-')) {
    write(path.join(counterDir, f), res);
    counter++;
  } else {
    write(path.join(examplesDir, f), res);
    examples.push(res);
  }
}

// Load order inside a bundle does not matter to a FHIR transaction, but keep it readable.
const ORDER = ['Organization', 'Practitioner', 'PractitionerRole', 'Patient', 'RelatedPerson', 'Condition', 'Goal',
  'CareTeam', 'CarePlan', 'Flag', 'DocumentReference', 'Consent'];
const rank = r => (ORDER.indexOf(r.resourceType) + 1 || 99);
const bundle = (id, title, resources) => ({ // title: documentation only
  resourceType: 'Bundle',
  id,
  type: 'transaction',
  entry: [...resources].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id)).map(r => ({
    fullUrl: `${BASE}${r.resourceType}/${r.id}`,
    resource: r,
    request: { method: 'PUT', url: `${r.resourceType}/${r.id}` }
  }))
});
const shared = examples.filter(r => r.id.startsWith('org-') || r.id.startsWith('pract-'));
const records = [
  ['1-dmd-child-record', 'Oliver Bennett: Duchenne muscular dystrophy (ORPHA 98896)', 'dmd-'],
  ['2-swan-adult-record', 'Rachel Ahmed: undiagnosed rare disorder (ORPHA 616874)', 'swan-']
];
const used = new Set(shared.map(r => `${r.resourceType}/${r.id}`));
for (const [id, title, prefix] of records) {
  const own = examples.filter(r => r.id.startsWith(prefix));
  own.forEach(r => used.add(`${r.resourceType}/${r.id}`));
  write(path.join(bundlesDir, `Bundle-${id}.json`), bundle(id, title, [...shared, ...own]));
}
const rest = examples.filter(r => !used.has(`${r.resourceType}/${r.id}`));
write(path.join(bundlesDir, 'Bundle-3-other-examples.json'),
  bundle('3-other-examples', 'Other valid examples (invariant pass cases); load after the two records', rest));
console.log(`ig/examples: ${examples.length} resources, ${records.length + 1} bundles; ig/counter-examples: ${counter}`);
