// Sending over a proxy or with TLS material (undici) as its own bundle (`dist/network.js`):
// loaded on the first request whose connection or machine asks for a route, never at activation.
export { createRouteFetch, peerCertificate } from '../../platform/routeFetch';
