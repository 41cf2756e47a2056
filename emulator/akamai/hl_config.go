package akamai

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/store"
	"github.com/idemu/idemu/emulator/token"
)

// jsonBody decodes a request body the contract already validated.
func jsonBody(c *gin.Context, into any) error {
	raw, err := c.GetRawData()
	if err != nil {
		return configErr(http.StatusBadRequest, "the body could not be read")
	}
	if err := json.Unmarshal(raw, into); err != nil {
		return configErr(http.StatusBadRequest, "Invalid request: the body is not valid JSON")
	}
	return nil
}

// optionalJSONBody decodes a body that may be absent; an empty body leaves into alone.
func optionalJSONBody(c *gin.Context, into any) error {
	raw, err := c.GetRawData()
	if err != nil {
		return configErr(http.StatusBadRequest, "the body could not be read")
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	if err := json.Unmarshal(raw, into); err != nil {
		return configErr(http.StatusBadRequest, "Invalid request: the body is not valid JSON")
	}
	return nil
}

func badRequest(msg string) *hostError { return configErr(http.StatusBadRequest, msg) }

func conflict(msg string) *hostError { return configErr(http.StatusConflict, msg) }

// --- OpenID Connect clients --------------------------------------------------------

type oidcClientInput struct {
	Name         string   `json:"name"`
	Type         string   `json:"type"`
	RedirectURIs []string `json:"redirectURIs"`
	LoginPolicy  string   `json:"loginPolicy"`
	TokenPolicy  string   `json:"tokenPolicy"`
}

// check applies the rules the contract cannot express: login clients (those with a login
// policy) need a token policy and a redirect URI, public clients need a login policy, a
// configuration client has no policies, and the policies must exist.
func (in oidcClientInput) check(tx *store.Tx, app string) error {
	if in.Type == clientPublic && in.LoginPolicy == "" {
		return badRequest("Invalid request: a public client needs a loginPolicy")
	}
	if in.LoginPolicy == "" && in.TokenPolicy != "" {
		return badRequest("Invalid request: a configuration client has no tokenPolicy")
	}
	if in.LoginPolicy != "" {
		if in.TokenPolicy == "" {
			return badRequest("Invalid request: a login client needs a tokenPolicy")
		}
		if len(in.RedirectURIs) == 0 {
			return badRequest("Invalid request: a login client needs at least one redirect URI")
		}
		if _, err := loginPolicies.Get(tx, app, in.LoginPolicy); err != nil {
			return refError(err, "loginPolicy "+in.LoginPolicy+" does not exist")
		}
		if _, err := tokenPolicies.Get(tx, app, in.TokenPolicy); err != nil {
			return refError(err, "tokenPolicy "+in.TokenPolicy+" does not exist")
		}
	}
	for _, u := range in.RedirectURIs {
		if msg := redirectURIProblem(u); msg != "" {
			return badRequest("Invalid request: redirectURIs: " + u + " " + msg)
		}
	}
	return nil
}

// refError turns a missing referenced object into a 400.
func refError(err error, msg string) error {
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return badRequest("Invalid request: " + msg)
	}
	return err
}

// redirectURIProblem: an https URL, an http URL on localhost only, or a mobile deep link
// (any other scheme); never a fragment.
func redirectURIProblem(raw string) string {
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Scheme == "":
		return "is not an absolute URI"
	case u.Fragment != "":
		return "has a fragment"
	case u.Scheme == "http" && !isLoopbackHost(u.Hostname()):
		return "uses http on a host other than localhost"
	case (u.Scheme == "http" || u.Scheme == "https") && u.Host == "":
		return "has no host"
	}
	return ""
}

func (h *Handler) listOIDCClients(_ *gin.Context, x *call) (int, any, error) {
	out := []gin.H{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		return oidcClients.Each(tx, x.app, func(_ string, cl oidcClient) bool {
			out = append(out, cl.view(x))
			return true
		})
	})
	return http.StatusOK, out, err
}

func (h *Handler) createOIDCClient(c *gin.Context, x *call) (int, any, error) {
	var in oidcClientInput
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	var cl oidcClient
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		if err := in.check(tx, x.app); err != nil {
			return err
		}
		cl = oidcClient{ID: uuid.NewString(), Name: in.Name, Type: in.Type, RedirectURIs: nonNil(in.RedirectURIs),
			LoginPolicy: in.LoginPolicy, TokenPolicy: in.TokenPolicy, Created: tx.Now()}
		if cl.Type == clientConfidential {
			cl.Secret = token.Opaque(48)
		}
		if err := claimClientName(tx, x.app, cl.Name, cl.ID); err != nil {
			return err
		}
		if cl.LoginPolicy != "" {
			// Akamai creates the application client an OIDC login client signs users in through.
			app := client{ID: lowerAlnum(32), Secret: lowerAlnum(32), Description: cl.Name + " (Hosted Login)",
				Features: []string{featureLoginClient}, Whitelist: defaultWhitelist, Created: tx.Now()}
			if err := clients.Insert(tx, x.app, app.ID, app); err != nil {
				return err
			}
			cl.AppClient, cl.OwnsApp = app.ID, true
		}
		return oidcClients.Insert(tx, x.app, cl.ID, cl)
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, cl.view(x), nil
}

func claimClientName(tx *store.Tx, app, name, id string) error {
	err := tx.Claim(app, oidcClients.Name, "name", name, id)
	if errors.Is(err, store.ErrDuplicate) {
		return conflict("An OpenID Connect client named " + name + " already exists.")
	}
	return err
}

func (h *Handler) getOIDCClient(c *gin.Context, x *call) (int, any, error) {
	var cl oidcClient
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		cl, err = getOIDCClient(tx, x.app, contract.Param(c, "oidcClientId"))
		return err
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, cl.view(x), nil
}

func (h *Handler) updateOIDCClient(c *gin.Context, x *call) (int, any, error) {
	var in oidcClientInput
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	var cl oidcClient
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		var err error
		if cl, err = getOIDCClient(tx, x.app, contract.Param(c, "oidcClientId")); err != nil {
			return err
		}
		if in.Type != cl.Type {
			return badRequest("Invalid request: the type of a client cannot change")
		}
		if err := in.check(tx, x.app); err != nil {
			return err
		}
		if in.Name != cl.Name {
			if err := claimClientName(tx, x.app, in.Name, cl.ID); err != nil {
				return err
			}
			if err := tx.Release(x.app, oidcClients.Name, "name", cl.Name, cl.ID); err != nil {
				return err
			}
		}
		cl.Name, cl.RedirectURIs, cl.LoginPolicy, cl.TokenPolicy = in.Name, nonNil(in.RedirectURIs), in.LoginPolicy, in.TokenPolicy
		return oidcClients.Put(tx, x.app, cl.ID, cl)
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, cl.view(x), nil
}

func (h *Handler) deleteOIDCClient(c *gin.Context, x *call) (int, any, error) {
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		cl, err := getOIDCClient(tx, x.app, contract.Param(c, "oidcClientId"))
		if err != nil {
			return err
		}
		if err := tx.Release(x.app, oidcClients.Name, "name", cl.Name, cl.ID); err != nil {
			return err
		}
		if cl.OwnsApp {
			if err := clients.Delete(tx, x.app, cl.AppClient); err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		return oidcClients.Delete(tx, x.app, cl.ID)
	})
	return http.StatusNoContent, nil, err
}

func (h *Handler) getOIDCClientSecret(c *gin.Context, x *call) (int, any, error) {
	var cl oidcClient
	err := h.deps.Store.View(func(tx *store.Tx) error {
		var err error
		cl, err = getOIDCClient(tx, x.app, contract.Param(c, "oidcClientId"))
		return err
	})
	if err != nil {
		return 0, nil, err
	}
	if cl.Type == clientPublic {
		return 0, nil, badRequest("Invalid request: public clients have no secret")
	}
	return http.StatusOK, gin.H{"secret": cl.Secret}, nil
}

// resetOIDCClientSecret gives a confidential client a new secret at once; the old one
// stops working.
func (h *Handler) resetOIDCClientSecret(c *gin.Context, x *call) (int, any, error) {
	secret := token.Opaque(48)
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		cl, err := getOIDCClient(tx, x.app, contract.Param(c, "oidcClientId"))
		if err != nil {
			return err
		}
		if cl.Type == clientPublic {
			return badRequest("Invalid request: public clients have no secret")
		}
		cl.Secret = secret
		return oidcClients.Put(tx, x.app, cl.ID, cl)
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, gin.H{"secret": secret}, nil
}
