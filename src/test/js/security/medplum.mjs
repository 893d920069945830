// Medplum's client (MedplumClient) against Concord, a FHIR server that is not Medplum: discover the token endpoint
// from the SMART configuration, sign in with client credentials (a GP practice's client), read and search.
// Prints one JSON line for the Java test. Environment: CONCORD_ROOT (the server without /fhir).
import { MedplumClient } from '@medplum/core';

const root = process.env.CONCORD_ROOT;
const smart = await (await fetch(`${root}/fhir/.well-known/smart-configuration`)).json();

const medplum = new MedplumClient({
  baseUrl: `${root}/`,
  fhirUrlPath: 'fhir',
  tokenUrl: smart.token_endpoint,
  authorizeUrl: smart.authorization_endpoint,
});
await medplum.startClientLogin('gp-riverside', 'gp-riverside-secret');

const patient = await medplum.readResource('Patient', 'dmd-child');
const teams = await medplum.searchResources('CareTeam', { subject: 'Patient/dmd-child', status: 'active' });
let other = 'read';
try {
  await medplum.readResource('Patient', 'swan-adult');
} catch (error) {
  other = error.outcome?.issue?.[0]?.code ?? String(error.message);
}
console.log(JSON.stringify({
  tokenUrl: smart.token_endpoint, authenticated: medplum.isAuthenticated(), patient: patient.id,
  careTeams: teams.map((team) => team.id), other,
}));
