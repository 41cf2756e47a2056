// Package identityv1 emulates ASEE's Identity API v1 (/v1/identity/...) and the OIDC
// endpoints of ASEE's Authentication API (/v1/authentication/...) that issue the tokens
// it accepts. Its contract is openapi.yaml beside this file; errors use ASEE's own
// formats: 400 {"errors":[{tag,error,message}]} for validation and 440
// {problem,message,details} for business rules. Where the sources are silent, the
// choice made is written in the README's Identity API v1 section.
package identityv1
