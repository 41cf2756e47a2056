package akamai

import (
	"crypto/subtle"
	"errors"
	"slices"
	"sort"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/store"
)

// client is an API client of an app.
type client struct {
	ID          string            `json:"client_id"`
	Secret      string            `json:"client_secret"`
	Description string            `json:"description"`
	Features    []string          `json:"features"`
	Whitelist   []string          `json:"whitelist"`
	Settings    map[string]string `json:"settings,omitempty"`
	// After /clients/reset_secret with hours_to_live, the old secret keeps working until
	// OldSecretExpires.
	OldSecret        string    `json:"old_secret,omitempty"`
	OldSecretExpires time.Time `json:"old_secret_expires,omitzero"`
	Created          time.Time `json:"created"`
	// PublishedVersions numbers the client's published settings.
	PublishedVersions int64 `json:"published_versions,omitempty"`
}

var clients = store.Collection[client]{Name: "clients"}

// defaultWhitelist lets every address in: Capture's default allowlist.
var defaultWhitelist = []string{"0.0.0.0/0"}

func (cl client) has(feature string) bool { return slices.Contains(cl.Features, feature) }

func (cl client) liveSecrets(now time.Time) []string {
	out := []string{cl.Secret}
	if cl.OldSecret != "" && now.Before(cl.OldSecretExpires) {
		out = append(out, cl.OldSecret)
	}
	return out
}

func (cl client) secretMatches(secret string, now time.Time) bool {
	for _, s := range cl.liveSecrets(now) {
		if subtle.ConstantTimeCompare([]byte(s), []byte(secret)) == 1 {
			return true
		}
	}
	return false
}

// view is the client as /clients/list and /clients/add show it.
func (cl client) view() gin.H {
	return gin.H{"client_id": cl.ID, "client_secret": cl.Secret, "description": cl.Description,
		"features": nonNil(cl.Features), "whitelist": nonNil(cl.Whitelist)}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// targetClient loads the client a clients/settings operation acts on.
func targetClient(tx *store.Tx, app, arg, id string) (client, error) {
	cl, err := clients.Get(tx, app, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return client{}, invalidArg(arg, "client "+id+" does not exist")
	}
	return cl, err
}

// featuresArg reads a JSON array of known feature names.
func featuresArg(r *request, name string) ([]string, error) {
	var features []string
	if _, err := r.jsonArg(name, &features); err != nil {
		return nil, err
	}
	for _, f := range features {
		if !slices.Contains(knownFeatures, f) {
			return nil, invalidArg(name, "unknown feature "+f)
		}
	}
	slices.Sort(features)
	return slices.Compact(features), nil
}

func (h *Handler) listClients(_ *gin.Context, r *request) (result, error) {
	var filter []string
	if _, err := r.jsonArg("has_features", &filter); err != nil {
		return nil, err
	}
	out := []gin.H{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		return clients.Each(tx, r.app, func(_ string, cl client) bool {
			if len(filter) == 0 || slices.ContainsFunc(filter, cl.has) {
				out = append(out, cl.view())
			}
			return true
		})
	})
	return result{"results": out}, err
}

func (h *Handler) addClient(_ *gin.Context, r *request) (result, error) {
	features, err := featuresArg(r, "features")
	if err != nil {
		return nil, err
	}
	var cl client
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		cl = client{ID: lowerAlnum(32), Secret: lowerAlnum(32), Description: r.str("description"),
			Features: nonNil(features), Whitelist: defaultWhitelist, Created: tx.Now()}
		return clients.Insert(tx, r.app, cl.ID, cl)
	})
	if err != nil {
		return nil, err
	}
	return result(cl.view()), nil
}

func (h *Handler) deleteClient(_ *gin.Context, r *request) (result, error) {
	id := r.str("client_id_for_deletion")
	return nil, h.deps.Store.Update(func(tx *store.Tx) error {
		cl, err := targetClient(tx, r.app, "client_id_for_deletion", id)
		if err != nil {
			return err
		}
		if cl.has(featureOwner) {
			return invalidArg("client_id_for_deletion", "a client with the owner feature cannot be deleted")
		}
		return clients.Delete(tx, r.app, id)
	})
}

// updateClient changes the client named by for_client_id.
func (h *Handler) updateClient(r *request, fn func(cl *client, now time.Time) error) error {
	return h.deps.Store.Update(func(tx *store.Tx) error {
		if _, err := targetClient(tx, r.app, "for_client_id", r.str("for_client_id")); err != nil {
			return err
		}
		_, err := clients.Update(tx, r.app, r.str("for_client_id"), func(cl *client) error { return fn(cl, tx.Now()) })
		return err
	})
}

func (h *Handler) setClientFeatures(_ *gin.Context, r *request) (result, error) {
	features, err := featuresArg(r, "features")
	if err != nil {
		return nil, err
	}
	return nil, h.updateClient(r, func(cl *client, _ time.Time) error {
		cl.Features = nonNil(features)
		return nil
	})
}

func (h *Handler) setClientDescription(_ *gin.Context, r *request) (result, error) {
	return nil, h.updateClient(r, func(cl *client, _ time.Time) error {
		cl.Description = r.str("description")
		return nil
	})
}

func (h *Handler) resetClientSecret(_ *gin.Context, r *request) (result, error) {
	secret := lowerAlnum(32)
	hours := r.number("hours_to_live", 0)
	err := h.updateClient(r, func(cl *client, now time.Time) error {
		cl.OldSecret, cl.OldSecretExpires = "", time.Time{}
		if hours > 0 {
			cl.OldSecret, cl.OldSecretExpires = cl.Secret, now.Add(time.Duration(hours)*time.Hour)
		}
		cl.Secret = secret
		return nil
	})
	return result{"new_secret": secret}, err
}

func (h *Handler) setClientWhitelist(_ *gin.Context, r *request) (result, error) {
	var list []string
	if _, err := r.jsonArg("whitelist", &list); err != nil {
		return nil, err
	}
	for _, entry := range list {
		if _, err := parseAllowed(entry); err != nil {
			return nil, invalidArg("whitelist", entry+" is not an IP address or CIDR range")
		}
	}
	sort.Strings(list)
	return nil, h.updateClient(r, func(cl *client, _ time.Time) error {
		cl.Whitelist = nonNil(slices.Compact(list))
		return nil
	})
}

func (h *Handler) clearClientWhitelist(_ *gin.Context, r *request) (result, error) {
	return nil, h.updateClient(r, func(cl *client, _ time.Time) error {
		cl.Whitelist = defaultWhitelist
		return nil
	})
}
