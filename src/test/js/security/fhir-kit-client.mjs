// SMART Backend Services with fhir-kit-client: discover the token endpoint, authenticate with a JWT assertion
// signed (by jose) with the demo client's ES384 key, read with the token. Prints one JSON line for the Java test.
// Environment: CONCORD_FHIR_BASE, CONCORD_BACKEND_KEYS (the demo private JWKS file).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'fhir-kit-client';
import { SignJWT, importJWK } from 'jose';

const client = new Client({ baseUrl: process.env.CONCORD_FHIR_BASE });
const { tokenUrl } = await client.smartAuthMetadata();

const jwk = JSON.parse(readFileSync(process.env.CONCORD_BACKEND_KEYS, 'utf8')).keys
  .find((key) => key.kid === 'backend-service-es384');
const assertion = await new SignJWT({})
  .setProtectedHeader({ alg: 'ES384', kid: jwk.kid, typ: 'JWT' })
  .setIssuer('backend-service')
  .setSubject('backend-service')
  .setAudience(tokenUrl.toString())
  .setJti(randomUUID())
  .setIssuedAt()
  .setExpirationTime('4m')
  .sign(await importJWK(jwk, 'ES384'));

const response = await fetch(tokenUrl, {
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({
    grant_type: 'client_credentials',
    scope: 'system/*.rs',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
  }),
});
const token = await response.json();
if (!response.ok) {
  throw new Error(`token request refused: ${response.status} ${JSON.stringify(token)}`);
}
client.bearerToken = token.access_token;

const patient = await client.read({ resourceType: 'Patient', id: 'dmd-child' });
let writeStatus = 'allowed';
try {
  await client.create({ resourceType: 'Basic', body: { resourceType: 'Basic', code: { text: 'test' } } });
} catch (error) {
  writeStatus = error.response?.status;
}
console.log(JSON.stringify({
  tokenUrl: tokenUrl.toString(), tokenStatus: response.status, scope: token.scope, patient: patient.id, writeStatus,
}));
