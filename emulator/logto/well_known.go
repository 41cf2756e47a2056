package logto

import (
	"encoding/json"
	"net/http"
	"slices"
	"sync"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/platform"
	"github.com/idemu/idemu/emulator/store"
)

// Public documents under /api/.well-known: the sign-in UI's configuration and the
// OpenAPI documents of the Management, Account and Experience APIs (each the contract
// cut to its tags).

// apiDocuments are the tag sets of the three published API documents.
var apiDocuments = map[string]func(tag string) bool{
	"experience": func(tag string) bool { return tag == "Experience" },
	"user":       func(tag string) bool { return tag == "My account" || tag == "Verifications" },
	"management": func(tag string) bool {
		return !slices.Contains([]string{"Experience", "My account", "Verifications", "OIDC"}, tag)
	},
}

var (
	documentsOnce sync.Once
	documents     map[string][]byte
	documentsErr  error
)

// cutDocument keeps the operations whose first tag the filter takes.
func cutDocument(keep func(string) bool) ([]byte, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(contractJSON, &doc); err != nil {
		return nil, err
	}
	var paths map[string]map[string]json.RawMessage
	if err := json.Unmarshal(doc["paths"], &paths); err != nil {
		return nil, err
	}
	kept := map[string]map[string]json.RawMessage{}
	for path, item := range paths {
		for method, raw := range item {
			var op struct {
				Tags []string `json:"tags"`
			}
			if !methods[method] || json.Unmarshal(raw, &op) != nil || len(op.Tags) == 0 || !keep(op.Tags[0]) {
				continue
			}
			if kept[path] == nil {
				kept[path] = map[string]json.RawMessage{}
			}
			kept[path][method] = raw
		}
	}
	var tags []struct {
		Name string `json:"name"`
	}
	_ = json.Unmarshal(doc["tags"], &tags)
	tags = slices.DeleteFunc(tags, func(t struct {
		Name string `json:"name"`
	}) bool {
		return !keep(t.Name)
	})
	var err error
	if doc["paths"], err = json.Marshal(kept); err != nil {
		return nil, err
	}
	if doc["tags"], err = json.Marshal(tags); err != nil {
		return nil, err
	}
	return encodeJSON(doc)
}

func (h *Handler) wellKnownDocument(name string) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		documentsOnce.Do(func() {
			documents = map[string][]byte{}
			for n, keep := range apiDocuments {
				if documents[n], documentsErr = cutDocument(keep); documentsErr != nil {
					return
				}
			}
		})
		if documentsErr != nil {
			return documentsErr
		}
		c.Data(http.StatusOK, "application/json; charset=utf-8", documents[name])
		return nil
	}
}

// getSignInExperienceConfig is the sign-in UI's configuration: the sign-in experience
// with the social connectors it offers, the enterprise connectors, and which password
// resets are possible.
func (h *Handler) getSignInExperienceConfig(c *gin.Context) error {
	tenant := platform.TenantOf(c)
	var out ordered
	err := h.deps.Store.View(func(tx *store.Tx) error {
		sie, err := loadSignInExperience(tx, tenant)
		if err != nil {
			return err
		}
		all, err := tenantConnectors(tx, tenant)
		if err != nil {
			return err
		}
		var targets []string
		sie.decode("socialSignInConnectorTargets", &targets)
		social := []ordered{}
		for _, t := range targets {
			for _, cn := range all {
				if cn.kind() == connectorSocial && cn.target() == t {
					b := cn.body()
					social = append(social, ordered{{"id", b.ID}, {"target", b.Target}, {"name", b.Name}, {"logo", b.Logo},
						{"logoDark", b.LogoDark}, {"platform", b.Platform}, {"isStandard", b.IsStandard}})
				}
			}
		}
		sso := []ordered{}
		var ssoOn bool
		sie.decode("singleSignOnEnabled", &ssoOn)
		if ssoOn {
			list, err := ssoConnectors.List(tx, tenant)
			if err != nil {
				return err
			}
			for _, s := range list {
				sso = append(sso, ordered{{"id", s.ID}, {"connectorName", s.ConnectorName}, {"logo", ""}})
			}
		}
		fields, err := listProfileFields(tx, tenant)
		if err != nil {
			return err
		}
		custom := make([]customProfileFieldBody, len(fields))
		for i, f := range fields {
			custom[i] = f.body(tenant)
		}
		out = append(sie.body(tenant), kv{"socialConnectors", social}, kv{"ssoConnectors", sso},
			kv{"forgotPassword", ordered{{"phone", hasConnector(all, connectorSMS)}, {"email", hasConnector(all, connectorEmail)}}},
			kv{"isDevelopmentTenant", false}, kv{"customProfileFields", custom})
		return nil
	})
	if err != nil {
		return err
	}
	return h.respond(c, http.StatusOK, out)
}
