package akamai

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/store"
)

// --- login policies ----------------------------------------------------------------

type loginPolicyInput struct {
	Title    string        `json:"title"`
	LoginURL string        `json:"loginURL"`
	Store    identityStore `json:"identityStoreDetails"`
	Claims   customClaims  `json:"customClaims"`
}

// reservedClaims are claims Hosted Login sets itself; a custom claim cannot replace them.
var reservedClaims = []string{"iss", "sub", "aud", "exp", "iat", "nbf", "jti", "auth_time", "nonce", "at_hash", "c_hash",
	"azp", "acr", "amr", "scope", "client_id", "sid"}

// check: the identity store must be this customer's app, reached with one of its owner
// clients, and an entity type of it; custom claims must name attributes of that type.
func (in loginPolicyInput) check(h *Handler, tx *store.Tx, app string) error {
	cd := in.Store.Connection
	if cd.ApplicationID != app {
		return badRequest("Invalid request: identityStoreDetails.connectionDetails.applicationId: " + cd.ApplicationID + " is not an application of this customer")
	}
	cl, err := clients.Get(tx, app, cd.ClientID)
	if err != nil && !errors.Is(err, store.ErrNotFound) && !errors.Is(err, store.ErrInvalidKey) {
		return err
	}
	if err != nil || !cl.secretMatches(cd.ClientSecret, tx.Now()) || !cl.has(featureOwner) {
		return badRequest("Invalid request: identityStoreDetails.connectionDetails: clientId and clientSecret must be an owner client of the application")
	}
	et, err := h.loadType(tx, app, cd.EntityType)
	if err != nil {
		var ae *apiError
		if errors.As(err, &ae) {
			return badRequest("Invalid request: identityStoreDetails.connectionDetails.entityType: " + ae.Desc)
		}
		return err
	}
	for _, section := range []map[string]string{in.Claims.IDToken, in.Claims.Userinfo} {
		for name, path := range section {
			if slices.Contains(reservedClaims, name) {
				return badRequest("Invalid request: customClaims: " + name + " is a claim Hosted Login sets itself")
			}
			if _, _, err := et.resolveString(path); err != nil {
				return badRequest("Invalid request: customClaims: " + name + ": attribute " + path + " does not exist")
			}
		}
	}
	return nil
}

func (h *Handler) listLoginPolicies(_ *gin.Context, x *call) (int, any, error) {
	out := []gin.H{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		return loginPolicies.Each(tx, x.app, func(_ string, lp loginPolicy) bool {
			out = append(out, lp.view())
			return true
		})
	})
	return http.StatusOK, out, err
}

// createLoginPolicy answers the new policy's id as a JSON string, as token policies do.
func (h *Handler) createLoginPolicy(c *gin.Context, x *call) (int, any, error) {
	var in loginPolicyInput
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	lp := loginPolicy{ID: uuid.NewString(), Title: in.Title, LoginURL: in.LoginURL, Store: in.Store, Claims: in.Claims,
		ResponseTypes: slices.Clone(defaultResponseTypes)}
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		if err := in.check(h, tx, x.app); err != nil {
			return err
		}
		return loginPolicies.Insert(tx, x.app, lp.ID, lp)
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, lp.ID, nil
}

func (h *Handler) getLoginPolicy(c *gin.Context, x *call) (int, any, error) {
	var lp loginPolicy
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		lp, err = getLoginPolicy(tx, x.app, contract.Param(c, "loginPolicyId"))
		return err
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, lp.view(), nil
}

func (h *Handler) updateLoginPolicy(c *gin.Context, x *call) (int, any, error) {
	var in loginPolicyInput
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	var lp loginPolicy
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		var err error
		if lp, err = getLoginPolicy(tx, x.app, contract.Param(c, "loginPolicyId")); err != nil {
			return err
		}
		if err := in.check(h, tx, x.app); err != nil {
			return err
		}
		lp.Title, lp.LoginURL, lp.Store, lp.Claims = in.Title, in.LoginURL, in.Store, in.Claims
		return loginPolicies.Put(tx, x.app, lp.ID, lp)
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, lp.view(), nil
}

// deleteLoginPolicy refuses a policy an OIDC client still uses.
func (h *Handler) deleteLoginPolicy(c *gin.Context, x *call) (int, any, error) {
	id := contract.Param(c, "loginPolicyId")
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		if _, err := getLoginPolicy(tx, x.app, id); err != nil {
			return err
		}
		if user, err := clientUsing(tx, x.app, func(cl oidcClient) bool { return cl.LoginPolicy == id }); err != nil || user != "" {
			return inUse(err, "login policy", user)
		}
		return loginPolicies.Delete(tx, x.app, id)
	})
	return http.StatusNoContent, nil, err
}

// clientUsing is the first OIDC client for which used is true, or "".
func clientUsing(tx *store.Tx, app string, used func(oidcClient) bool) (string, error) {
	found := ""
	err := oidcClients.Each(tx, app, func(_ string, cl oidcClient) bool {
		if used(cl) {
			found = cl.ID
		}
		return found == ""
	})
	return found, err
}

func inUse(err error, what, user string) error {
	if err != nil {
		return err
	}
	return conflict("The " + what + " is used by OpenID Connect client " + user + ".")
}

func (h *Handler) getLoginPolicyPushClaims(c *gin.Context, x *call) (int, any, error) {
	var lp loginPolicy
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		lp, err = getLoginPolicy(tx, x.app, contract.Param(c, "loginPolicyId"))
		return err
	})
	return http.StatusOK, lp.PushClaims, err
}

func (h *Handler) updateLoginPolicyPushClaims(c *gin.Context, x *call) (int, any, error) {
	var on bool
	if err := jsonBody(c, &on); err != nil {
		return 0, nil, err
	}
	return http.StatusNoContent, nil, h.changeLoginPolicy(c, x, func(lp *loginPolicy) error {
		lp.PushClaims = on
		return nil
	})
}

func (h *Handler) changeLoginPolicy(c *gin.Context, x *call, fn func(lp *loginPolicy) error) error {
	return h.deps.Store.Update(func(tx *store.Tx) error {
		lp, err := getLoginPolicy(tx, x.app, contract.Param(c, "loginPolicyId"))
		if err != nil {
			return err
		}
		if err := fn(&lp); err != nil {
			return err
		}
		return loginPolicies.Put(tx, x.app, lp.ID, lp)
	})
}

func (h *Handler) getLoginPolicyResponseTypes(c *gin.Context, x *call) (int, any, error) {
	var lp loginPolicy
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		lp, err = getLoginPolicy(tx, x.app, contract.Param(c, "loginPolicyId"))
		return err
	})
	return http.StatusOK, nonNil(lp.ResponseTypes), err
}

// normalResponseType orders a response type's words the way knownResponseTypes lists
// them, so that "id_token code" and "code id_token" are the same type.
func normalResponseType(s string) string {
	words := strings.Fields(s)
	slices.SortFunc(words, func(a, b string) int { return responseWordRank(a) - responseWordRank(b) })
	return strings.Join(words, " ")
}

func responseWordRank(w string) int {
	switch w {
	case "code":
		return 0
	case "id_token":
		return 1
	case "token":
		return 2
	}
	return 3
}

func (h *Handler) updateLoginPolicyResponseTypes(c *gin.Context, x *call) (int, any, error) {
	var types []string
	if err := jsonBody(c, &types); err != nil {
		return 0, nil, err
	}
	if len(types) == 0 {
		return 0, nil, badRequest("Invalid request: at least one response type is needed")
	}
	var out []string
	for _, t := range types {
		n := normalResponseType(t)
		if !slices.Contains(knownResponseTypes, n) {
			return 0, nil, badRequest("Invalid request: " + t + " is not a supported response type")
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return http.StatusNoContent, nil, h.changeLoginPolicy(c, x, func(lp *loginPolicy) error {
		lp.ResponseTypes = out
		return nil
	})
}

// --- token policies ----------------------------------------------------------------

type tokenPolicyInput struct {
	Title        string    `json:"title"`
	AccessTTL    *int      `json:"accessTokenLifetime"`
	RefreshTTL   *int      `json:"refreshTokenLifetime"`
	Scopes       *[]string `json:"allowedScopes"`
	UseAccessJWT bool      `json:"useAccessJWT"`
}

// apply sets a policy's documented properties, with the documented defaults for those
// the input leaves out: allowed scopes must include openid and come from the discovery
// document.
func (in tokenPolicyInput) apply(tp *tokenPolicy) error {
	tp.Title, tp.UseAccessJWT = in.Title, in.UseAccessJWT
	tp.AccessTTL, tp.RefreshTTL, tp.Scopes = defaultAccessTTL, defaultRefreshTTL, slices.Clone(hostedLoginScopes)
	if in.AccessTTL != nil {
		tp.AccessTTL = *in.AccessTTL
	}
	if in.RefreshTTL != nil {
		tp.RefreshTTL = *in.RefreshTTL
	}
	if in.Scopes != nil {
		var scopes []string
		for _, s := range *in.Scopes {
			if !slices.Contains(hostedLoginScopes, s) {
				return badRequest("Invalid request: allowedScopes: " + s + " is not a scope of the discovery document")
			}
			if !slices.Contains(scopes, s) {
				scopes = append(scopes, s)
			}
		}
		if !slices.Contains(scopes, "openid") {
			return badRequest("Invalid request: allowedScopes must include openid")
		}
		tp.Scopes = scopes
	}
	return nil
}

func (h *Handler) listTokenPolicies(_ *gin.Context, x *call) (int, any, error) {
	out := []gin.H{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		return tokenPolicies.Each(tx, x.app, func(_ string, tp tokenPolicy) bool {
			out = append(out, tp.view())
			return true
		})
	})
	return http.StatusOK, out, err
}

// createTokenPolicy answers the new policy's id as a JSON string, as documented.
func (h *Handler) createTokenPolicy(c *gin.Context, x *call) (int, any, error) {
	var in tokenPolicyInput
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	tp := tokenPolicy{ID: uuid.NewString(), GrantTypes: slices.Clone(defaultGrantTypes), Resources: []string{}}
	if err := in.apply(&tp); err != nil {
		return 0, nil, err
	}
	err := h.deps.Store.Update(func(tx *store.Tx) error { return tokenPolicies.Insert(tx, x.app, tp.ID, tp) })
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, tp.ID, nil
}

func (h *Handler) getTokenPolicy(c *gin.Context, x *call) (int, any, error) {
	var tp tokenPolicy
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		tp, err = getTokenPolicy(tx, x.app, contract.Param(c, "tokenPolicyId"))
		return err
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, tp.view(), nil
}

func (h *Handler) changeTokenPolicy(c *gin.Context, x *call, fn func(tp *tokenPolicy) error) (tokenPolicy, error) {
	var tp tokenPolicy
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		var err error
		if tp, err = getTokenPolicy(tx, x.app, contract.Param(c, "tokenPolicyId")); err != nil {
			return err
		}
		if err := fn(&tp); err != nil {
			return err
		}
		return tokenPolicies.Put(tx, x.app, tp.ID, tp)
	})
	return tp, err
}

func (h *Handler) updateTokenPolicy(c *gin.Context, x *call) (int, any, error) {
	var in tokenPolicyInput
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	tp, err := h.changeTokenPolicy(c, x, in.apply)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, tp.view(), nil
}

// deleteTokenPolicy refuses a policy an OIDC client still uses.
func (h *Handler) deleteTokenPolicy(c *gin.Context, x *call) (int, any, error) {
	id := contract.Param(c, "tokenPolicyId")
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		if _, err := getTokenPolicy(tx, x.app, id); err != nil {
			return err
		}
		if user, err := clientUsing(tx, x.app, func(cl oidcClient) bool { return cl.TokenPolicy == id }); err != nil || user != "" {
			return inUse(err, "token policy", user)
		}
		return tokenPolicies.Delete(tx, x.app, id)
	})
	return http.StatusNoContent, nil, err
}

func (h *Handler) getTokenPolicyGrantTypes(c *gin.Context, x *call) (int, any, error) {
	var tp tokenPolicy
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		tp, err = getTokenPolicy(tx, x.app, contract.Param(c, "tokenPolicyId"))
		return err
	})
	return http.StatusOK, nonNil(tp.GrantTypes), err
}

func (h *Handler) updateTokenPolicyGrantTypes(c *gin.Context, x *call) (int, any, error) {
	var grants []string
	if err := jsonBody(c, &grants); err != nil {
		return 0, nil, err
	}
	if len(grants) == 0 {
		return 0, nil, badRequest("Invalid request: at least one grant type is needed")
	}
	slices.Sort(grants)
	_, err := h.changeTokenPolicy(c, x, func(tp *tokenPolicy) error {
		tp.GrantTypes = slices.Compact(grants)
		return nil
	})
	return http.StatusNoContent, nil, err
}

func (h *Handler) getTokenPolicyResourceIndicators(c *gin.Context, x *call) (int, any, error) {
	var tp tokenPolicy
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		tp, err = getTokenPolicy(tx, x.app, contract.Param(c, "tokenPolicyId"))
		return err
	})
	return http.StatusOK, nonNil(tp.Resources), err
}

func (h *Handler) updateTokenPolicyResourceIndicators(c *gin.Context, x *call) (int, any, error) {
	var resources []string
	if err := jsonBody(c, &resources); err != nil {
		return 0, nil, err
	}
	for _, r := range resources {
		if u, err := url.Parse(r); err != nil || u.Fragment != "" {
			return 0, nil, badRequest("Invalid request: " + r + " is not a resource indicator (an absolute URI without a fragment)")
		}
	}
	slices.Sort(resources)
	_, err := h.changeTokenPolicy(c, x, func(tp *tokenPolicy) error {
		tp.Resources = nonNil(slices.Compact(resources))
		return nil
	})
	return http.StatusNoContent, nil, err
}
