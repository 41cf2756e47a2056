// Package appid emulates IBM Cloud App ID: the Management API v4
// (/management/v4/{tenantId}/...), the tenant's OAuth/OIDC server
// (/oauth/v4/{tenantId}/...) and the IBM Cloud IAM token service (/identity/token)
// whose API-key tokens the management API requires. Its contract is openapi.yaml
// beside this file. Errors use the formats App ID's clients read: {status, code,
// message} on the management API, SCIM errors on Cloud Directory, RFC 6749 errors on
// the OAuth server, IAM's {errorCode, errorMessage} on the token service, and a bare
// plain-text 404 for an unknown tenant. The tenant comes from the path, not from
// idemu's tenant header. Where the sources are silent, the choice made is written in
// README.md beside this file.
package appid
