package akamai

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/store"
)

// appDoc is an app's own state: its application-wide (default) settings. Its presence
// is what makes a tenant an app.
type appDoc struct {
	Settings map[string]string `json:"settings"`
}

var apps = store.Collection[appDoc]{Name: "app"}

const appDocID = "app"

func appSettings(tx *store.Tx, app string) (appDoc, error) {
	doc, err := apps.Get(tx, app, appDocID)
	if doc.Settings == nil {
		doc.Settings = map[string]string{}
	}
	return doc, err
}

// setting is a key's value for a client: the client's own, else the app's. ok is false
// when neither has one.
func setting(tx *store.Tx, app string, cl client, key string) (string, bool, error) {
	if v, ok := cl.Settings[key]; ok {
		return v, true, nil
	}
	doc, err := appSettings(tx, app)
	if err != nil {
		return "", false, err
	}
	v, ok := doc.Settings[key]
	return v, ok, nil
}

// effective is every setting of a client: the app's, overridden by the client's own.
func effective(tx *store.Tx, app string, cl client) (map[string]string, error) {
	doc, err := appSettings(tx, app)
	if err != nil {
		return nil, err
	}
	out := maps.Clone(doc.Settings)
	maps.Copy(out, cl.Settings)
	return out, nil
}

// settingsClient is the client a settings call is about: for_client_id, else the caller.
func settingsClient(tx *store.Tx, r *request) (client, error) {
	if r.has("for_client_id") {
		return targetClient(tx, r.app, "for_client_id", r.str("for_client_id"))
	}
	return clients.Get(tx, r.app, r.caller.client.ID)
}

func nullable(v string, ok bool) any {
	if !ok {
		return nil
	}
	return v
}

func (h *Handler) getSetting(_ *gin.Context, r *request) (result, error) {
	var out any
	err := h.deps.Store.View(func(tx *store.Tx) error {
		cl, err := settingsClient(tx, r)
		if err != nil {
			return err
		}
		v, ok, err := setting(tx, r.app, cl, r.str("key"))
		out = nullable(v, ok)
		return err
	})
	return result{"result": out}, err
}

func (h *Handler) getDefaultSetting(_ *gin.Context, r *request) (result, error) {
	var out any
	err := h.deps.Store.View(func(tx *store.Tx) error {
		doc, err := appSettings(tx, r.app)
		v, ok := doc.Settings[r.str("key")]
		out = nullable(v, ok)
		return err
	})
	return result{"result": out}, err
}

func (h *Handler) getSettings(_ *gin.Context, r *request) (result, error) {
	var keys []string
	if _, err := r.jsonArg("keys", &keys); err != nil {
		return nil, err
	}
	out := map[string]any{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		cl, err := settingsClient(tx, r)
		if err != nil {
			return err
		}
		for _, k := range keys {
			v, ok, err := setting(tx, r.app, cl, k)
			if err != nil {
				return err
			}
			out[k] = nullable(v, ok)
		}
		return nil
	})
	return result{"result": out}, err
}

func (h *Handler) getSettingItems(_ *gin.Context, r *request) (result, error) {
	var out map[string]string
	err := h.deps.Store.View(func(tx *store.Tx) error {
		cl, err := settingsClient(tx, r)
		if err != nil {
			return err
		}
		out, err = effective(tx, r.app, cl)
		return err
	})
	return result{"result": out}, err
}

func (h *Handler) getSettingKeys(_ *gin.Context, r *request) (result, error) {
	var out []string
	err := h.deps.Store.View(func(tx *store.Tx) error {
		cl, err := settingsClient(tx, r)
		if err != nil {
			return err
		}
		all, err := effective(tx, r.app, cl)
		out = slices.Sorted(maps.Keys(all))
		return err
	})
	return result{"result": nonNil(out)}, err
}

// itemsArg reads a JSON object of settings; non-string values are kept as their JSON text,
// since Capture stores every setting as a string.
func itemsArg(r *request) (map[string]string, error) {
	var raw map[string]json.RawMessage
	if _, err := r.jsonArg("items", &raw); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for k, v := range raw {
		if strings.TrimSpace(k) == "" {
			return nil, invalidArg("items", "a key is empty")
		}
		var s string
		if json.Unmarshal(v, &s) != nil {
			s = string(v)
		}
		out[k] = s
	}
	return out, nil
}

// writeClientSettings applies changes to a client's settings and reports, per key,
// whether it existed before.
func (h *Handler) writeClientSettings(r *request, fn func(settings map[string]string) map[string]bool) (map[string]bool, error) {
	var existed map[string]bool
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		cl, err := settingsClient(tx, r)
		if err != nil {
			return err
		}
		_, err = clients.Update(tx, r.app, cl.ID, func(c *client) error {
			if c.Settings == nil {
				c.Settings = map[string]string{}
			}
			existed = fn(c.Settings)
			return nil
		})
		return err
	})
	return existed, err
}

// writeAppSettings is writeClientSettings for the application-wide settings.
func (h *Handler) writeAppSettings(r *request, fn func(settings map[string]string) map[string]bool) (map[string]bool, error) {
	var existed map[string]bool
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		doc, err := appSettings(tx, r.app)
		if err != nil {
			return err
		}
		existed = fn(doc.Settings)
		return apps.Put(tx, r.app, appDocID, doc)
	})
	return existed, err
}

func put(items map[string]string) func(map[string]string) map[string]bool {
	return func(s map[string]string) map[string]bool {
		existed := map[string]bool{}
		for k, v := range items {
			_, existed[k] = s[k]
			s[k] = v
		}
		return existed
	}
}

func remove(key string) func(map[string]string) map[string]bool {
	return func(s map[string]string) map[string]bool {
		_, ok := s[key]
		delete(s, key)
		return map[string]bool{key: ok}
	}
}

func (h *Handler) setSetting(_ *gin.Context, r *request) (result, error) {
	existed, err := h.writeClientSettings(r, put(map[string]string{r.str("key"): r.str("value")}))
	return result{"result": existed[r.str("key")]}, err
}

func (h *Handler) setSettings(_ *gin.Context, r *request) (result, error) {
	items, err := itemsArg(r)
	if err != nil {
		return nil, err
	}
	existed, err := h.writeClientSettings(r, put(items))
	return result{"result": existed}, err
}

func (h *Handler) setDefaultSetting(_ *gin.Context, r *request) (result, error) {
	existed, err := h.writeAppSettings(r, put(map[string]string{r.str("key"): r.str("value")}))
	return result{"result": existed[r.str("key")]}, err
}

func (h *Handler) setDefaultSettings(_ *gin.Context, r *request) (result, error) {
	items, err := itemsArg(r)
	if err != nil {
		return nil, err
	}
	existed, err := h.writeAppSettings(r, put(items))
	return result{"result": existed}, err
}

func (h *Handler) deleteSetting(_ *gin.Context, r *request) (result, error) {
	existed, err := h.writeClientSettings(r, remove(r.str("key")))
	return result{"result": existed[r.str("key")]}, err
}

func (h *Handler) deleteDefaultSetting(_ *gin.Context, r *request) (result, error) {
	existed, err := h.writeAppSettings(r, remove(r.str("key")))
	return result{"result": existed[r.str("key")]}, err
}

// publication is one published version of a client's settings.
type publication struct {
	ClientID  string            `json:"client_id"`
	Version   int64             `json:"version"`
	Published time.Time         `json:"published"`
	Settings  map[string]string `json:"settings"`
}

var publications = store.Collection[publication]{Name: "published-settings"}

// publishKey is the setting listing which keys a publication carries (a JSON array).
const publishKey = "jump_publish_settings"

func publicationID(clientID string, version int64) string {
	return fmt.Sprintf("%s-%09d", clientID, version)
}

func (p publication) view() gin.H {
	return gin.H{"client_id": p.ClientID, "version": p.Version,
		"published": p.Published.UTC().Format(systemTimeLayout), "settings": p.Settings}
}

// clientPublications lists a client's (or every client's) publications, oldest first.
func clientPublications(tx *store.Tx, app, clientID string) ([]publication, error) {
	var out []publication
	err := publications.Each(tx, app, func(_ string, p publication) bool {
		if clientID == "" || p.ClientID == clientID {
			out = append(out, p)
		}
		return true
	})
	return out, err
}

func (h *Handler) publishSettings(_ *gin.Context, r *request) (result, error) {
	var pub publication
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		cl, err := settingsClient(tx, r)
		if err != nil {
			return err
		}
		all, err := effective(tx, r.app, cl)
		if err != nil {
			return err
		}
		published := all
		if list, ok := all[publishKey]; ok {
			var keys []string
			if json.Unmarshal([]byte(list), &keys) != nil {
				return invalidArg("for_client_id", "the client's "+publishKey+" setting is not a JSON array of keys")
			}
			published = map[string]string{}
			for _, k := range keys {
				if v, ok := all[k]; ok {
					published[k] = v
				}
			}
		}
		delete(published, publishKey)
		// Versions count up per client and are never reused, even after a delete.
		updated, err := clients.Update(tx, r.app, cl.ID, func(c *client) error {
			c.PublishedVersions++
			return nil
		})
		if err != nil {
			return err
		}
		pub = publication{ClientID: cl.ID, Version: updated.PublishedVersions, Published: tx.Now(), Settings: published}
		return publications.Insert(tx, r.app, publicationID(cl.ID, pub.Version), pub)
	})
	if err != nil {
		return nil, err
	}
	return result{"result": pub.view()}, nil
}

func (h *Handler) getPublishedSettings(_ *gin.Context, r *request) (result, error) {
	var pub publication
	err := h.deps.Store.View(func(tx *store.Tx) error {
		cl, err := settingsClient(tx, r)
		if err != nil {
			return err
		}
		all, err := clientPublications(tx, r.app, cl.ID)
		if err != nil {
			return err
		}
		if len(all) == 0 {
			return invalidArg("for_client_id", "client "+cl.ID+" has no published settings")
		}
		pub = all[len(all)-1]
		if r.has("version") {
			p, err := publications.Get(tx, r.app, publicationID(cl.ID, r.number("version", 0)))
			if errors.Is(err, store.ErrNotFound) {
				return invalidArg("version", "no such published version")
			}
			pub = p
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return result{"result": pub.view()}, nil
}

// listPublishedSettings lists the published files: one JSON file per version, plus the
// JSON and JavaScript files that point at each client's latest version.
func (h *Handler) listPublishedSettings(_ *gin.Context, r *request) (result, error) {
	out := []gin.H{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		filter := ""
		if r.has("for_client_id") {
			cl, err := settingsClient(tx, r)
			if err != nil {
				return err
			}
			filter = cl.ID
		}
		all, err := clientPublications(tx, r.app, filter)
		if err != nil {
			return err
		}
		latest := map[string]int64{}
		for _, p := range all {
			out = append(out, gin.H{"client_id": p.ClientID, "version": p.Version,
				"file": fmt.Sprintf("widget_data/%s/settings_%d.json", p.ClientID, p.Version)})
			latest[p.ClientID] = p.Version
		}
		for _, id := range slices.Sorted(maps.Keys(latest)) {
			for _, ext := range []string{"json", "js"} {
				out = append(out, gin.H{"client_id": id, "version": latest[id],
					"file": fmt.Sprintf("widget_data/%s/settings.%s", id, ext)})
			}
		}
		return nil
	})
	return result{"results": out}, err
}

func (h *Handler) deletePublishedSettings(_ *gin.Context, r *request) (result, error) {
	return nil, h.deps.Store.Update(func(tx *store.Tx) error {
		cl, err := settingsClient(tx, r)
		if err != nil {
			return err
		}
		if r.has("version") {
			err := publications.Delete(tx, r.app, publicationID(cl.ID, r.number("version", 0)))
			if errors.Is(err, store.ErrNotFound) {
				return invalidArg("version", "no such published version")
			}
			return err
		}
		all, err := clientPublications(tx, r.app, cl.ID)
		if err != nil {
			return err
		}
		for _, p := range all {
			if err := publications.Delete(tx, r.app, publicationID(p.ClientID, p.Version)); err != nil {
				return err
			}
		}
		return nil
	})
}
