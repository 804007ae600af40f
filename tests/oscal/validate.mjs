// Validates OSCAL JSON documents against NIST's OSCAL 1.1.3 JSON Schema.
//
//   npm ci --prefix tests/oscal
//   node tests/oscal/validate.mjs FILE.json [FILE.json ...]
//
// Each file must hold one OSCAL model (catalog, assessment-plan, assessment-results, ...). It
// is checked against that model's definition, for readable errors, and against the whole
// schema, which also refuses anything else at the top level. Prints one line per file and
// every error; exits 0 when all are valid, 1 when any is not, 2 on a usage or set-up problem.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const schemaPath = path.join(here, '..', 'data', 'oscal', 'oscal_complete_schema-1-1-3.json');

// The top-level key of each model and its definition in the schema.
const models = {
  catalog: 'oscal-complete-oscal-catalog:catalog',
  profile: 'oscal-complete-oscal-profile:profile',
  'component-definition': 'oscal-complete-oscal-component-definition:component-definition',
  'system-security-plan': 'oscal-complete-oscal-ssp:system-security-plan',
  'assessment-plan': 'oscal-complete-oscal-ap:assessment-plan',
  'assessment-results': 'oscal-complete-oscal-ar:assessment-results',
  'plan-of-action-and-milestones': 'oscal-complete-oscal-poam:plan-of-action-and-milestones',
};

async function load() {
  try {
    const { default: Ajv } = await import('ajv');
    const { default: addFormats } = await import('ajv-formats');
    return { Ajv, addFormats };
  } catch (e) {
    console.error(`validate.mjs: ajv is not installed (${e.code || e.message}).`);
    console.error('Run: npm ci --prefix tests/oscal');
    process.exit(2);
  }
}

function describe(errors) {
  return errors.map((e) => `  ${e.instancePath || '/'}: ${e.message}` +
    (e.params && e.params.additionalProperty ? ` (${e.params.additionalProperty})` : '') +
    (e.params && e.params.allowedValues ? ` (${e.params.allowedValues.join(', ')})` : ''));
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node validate.mjs FILE.json [FILE.json ...]');
  process.exit(2);
}

const { Ajv, addFormats } = await load();
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(schema);
const whole = ajv.getSchema(schema.$id);

let failed = 0;
for (const file of files) {
  let doc;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.log(`FAIL ${file}: cannot read it as JSON: ${e.message}`);
    failed++;
    continue;
  }
  const keys = doc && typeof doc === 'object' && !Array.isArray(doc)
    ? Object.keys(doc).filter((k) => k !== '$schema') : [];
  const model = keys.find((k) => k in models);
  if (!model) {
    console.log(`FAIL ${file}: no OSCAL model at the top level (found: ${keys.join(', ') || 'nothing'})`);
    failed++;
    continue;
  }
  const validate = ajv.getSchema(`${schema.$id}#/definitions/${models[model]}`);
  const errors = [];
  if (!validate(doc[model])) {
    errors.push(...describe(validate.errors.map((e) => ({ ...e, instancePath: `/${model}${e.instancePath}` }))));
  }
  for (const k of keys) {
    if (k !== model) errors.push(`  /: only one OSCAL model may be at the top level (also found ${k})`);
  }
  // The whole schema as well, in case the two checks above ever miss something; its errors
  // repeat for every model of its oneOf, so only the last (the summary) is shown.
  if (errors.length === 0 && !whole(doc)) {
    errors.push(...describe(whole.errors.slice(-1)));
  }
  if (errors.length) {
    console.log(`FAIL ${file} (${model}): ${errors.length} error${errors.length === 1 ? '' : 's'}`);
    for (const line of errors) console.log(line);
    failed++;
  } else {
    console.log(`ok   ${file} (${model})`);
  }
}
console.log(`${files.length - failed} valid, ${failed} invalid`);
process.exit(failed ? 1 : 0);
