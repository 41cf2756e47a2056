package akamai

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/idemu/idemu/emulator/store"
)

// hlAuth is what a user's Hosted Login authorization stands for. Authorization codes
// and refresh tokens carry it, so that every token issued from them has the same scopes
// and claims.
type hlAuth struct {
	ClientID   string    `json:"client_id"`
	Subject    string    `json:"sub"` // the record's uuid
	EntityType string    `json:"entity_type"`
	Scopes     []string  `json:"scopes"`
	Claims     claimsReq `json:"claims"`
	Nonce      string    `json:"nonce,omitempty"`
	AuthTime   time.Time `json:"auth_time"`
	Resource   string    `json:"resource,omitempty"`
}

// claimsReq is the authorization request's claims parameter, reduced to the names asked
// for in the identity token and at the userinfo endpoint.
type claimsReq struct {
	IDToken  []string `json:"id_token,omitempty"`
	Userinfo []string `json:"userinfo,omitempty"`
}

// parseClaimsParam reads the OIDC claims parameter: {"id_token": {"name": null, ...},
// "userinfo": {...}}.
func parseClaimsParam(raw string) (claimsReq, bool) {
	if strings.TrimSpace(raw) == "" {
		return claimsReq{}, true
	}
	var in map[string]map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &in); err != nil {
		return claimsReq{}, false
	}
	var out claimsReq
	for name := range in["id_token"] {
		out.IDToken = append(out.IDToken, name)
	}
	for name := range in["userinfo"] {
		out.Userinfo = append(out.Userinfo, name)
	}
	slices.Sort(out.IDToken)
	slices.Sort(out.Userinfo)
	return out, true
}

// scopeClaims are the standard claims each scope releases.
var scopeClaims = map[string][]string{
	"profile": {"name", "given_name", "family_name", "middle_name", "preferred_username", "gender", "birthdate", "updated_at"},
	"email":   {"email", "email_verified"},
	"phone":   {"phone_number"},
	"address": {"address"},
}

// standardClaims reads the standard OIDC claims from a user record.
func standardClaims(attrs map[string]any) map[string]any {
	str := func(k string) string { s, _ := attrs[k].(string); return s }
	out := map[string]any{}
	set := func(k string, v string) {
		if v != "" {
			out[k] = v
		}
	}
	name := str("displayName")
	if name == "" {
		name = strings.TrimSpace(str("givenName") + " " + str("familyName"))
	}
	set("name", name)
	set("given_name", str("givenName"))
	set("family_name", str("familyName"))
	set("middle_name", str("middleName"))
	set("preferred_username", str("displayName"))
	set("gender", str("gender"))
	set("birthdate", str("birthday"))
	if t, ok := parseDateTime(str(attrLastUpdated), time.Time{}); ok {
		out["updated_at"] = t.Unix()
	}
	set("email", str("email"))
	if _, ok := out["email"]; ok {
		out["email_verified"] = attrs["emailVerified"] != nil
	}
	set("phone_number", str("mobileNumber"))
	if addr, ok := attrs["primaryAddress"].(map[string]any); ok {
		a := map[string]any{}
		get := func(k string) string { s, _ := addr[k].(string); return s }
		street := strings.TrimSpace(strings.Join([]string{get("address1"), get("address2")}, "\n"))
		for k, v := range map[string]string{"street_address": street, "locality": get("city"), "region": get("stateAbbreviation"),
			"postal_code": get("zip"), "country": get("country")} {
			if v != "" {
				a[k] = v
			}
		}
		if len(a) > 0 {
			out["address"] = a
		}
	}
	return out
}

// releasedClaims picks the user claims for an identity token or the userinfo endpoint:
// the standard claims of the granted scopes and any standard claim asked for by name,
// then the login policy's custom claims for that target, all of them when the policy
// pushes claims, else those asked for by name.
func releasedClaims(et *entityType, attrs map[string]any, auth hlAuth, lp loginPolicy, forUserinfo bool) map[string]any {
	std := standardClaims(attrs)
	asked, custom := auth.Claims.IDToken, lp.Claims.IDToken
	if forUserinfo {
		asked, custom = auth.Claims.Userinfo, lp.Claims.Userinfo
	}
	out := map[string]any{}
	for _, scope := range auth.Scopes {
		for _, name := range scopeClaims[scope] {
			if v, ok := std[name]; ok {
				out[name] = v
			}
		}
	}
	for _, name := range asked {
		if v, ok := std[name]; ok && claimScopeGranted(name, auth.Scopes) {
			out[name] = v
		}
	}
	rendered := renderRecord(et, attrs)
	for name, path := range custom {
		if !lp.PushClaims && !slices.Contains(asked, name) {
			continue
		}
		p, err := parsePath(path)
		if err != nil {
			continue
		}
		if v, ok := valueAt(rendered, p); ok && v != nil {
			out[name] = v
		}
	}
	return out
}

// claimScopeGranted: a standard claim asked for by name is released only when the token
// policy allowed its scope (which the granted scopes reflect) or when it has none.
func claimScopeGranted(claim string, granted []string) bool {
	for scope, names := range scopeClaims {
		if slices.Contains(names, claim) {
			return slices.Contains(granted, scope)
		}
	}
	return true
}

// hlUser loads the record a Hosted Login authorization is about.
func (h *Handler) hlUser(tx *store.Tx, app string, auth hlAuth) (*entityType, entityDoc, error) {
	et, err := h.loadType(tx, app, auth.EntityType)
	if err != nil {
		return nil, entityDoc{}, err
	}
	doc, err := entityByUUID(tx, app, et, auth.Subject)
	return et, doc, err
}
