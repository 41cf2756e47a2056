package akamai

import (
	"errors"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/contract"
	"github.com/idemu/idemu/emulator/store"
)

func flowNotFound() *hostError { return configErr(http.StatusNotFound, "Flow not found.") }

// capiFlow loads a flow's HEAD.
func capiFlow(tx *store.Tx, app, name string) (flow, error) {
	f, err := flows.Get(tx, app, name)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return flow{}, flowNotFound()
	}
	return f, err
}

// readFlow answers from the path's flow.
func (h *Handler) readFlow(c *gin.Context, x *call, fn func(tx *store.Tx, f flow) (any, error)) (int, any, error) {
	var out any
	err := h.deps.Store.View(func(tx *store.Tx) error {
		f, err := capiFlow(tx, x.app, contract.Param(c, "flow"))
		if err != nil {
			return err
		}
		out, err = fn(tx, f)
		return err
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

// editFlow changes the path's flow: fn edits a copy of HEAD and describes the change, and
// the result becomes a new version.
func (h *Handler) editFlow(c *gin.Context, x *call, fn func(tx *store.Tx, f *flow) (string, error)) (flow, error) {
	var out flow
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		head, err := capiFlow(tx, x.app, contract.Param(c, "flow"))
		if err != nil {
			return err
		}
		next := cloneFlow(head)
		change, err := fn(tx, &next)
		if err != nil {
			return err
		}
		out, err = saveFlowChange(tx, x.app, head, next, change)
		return err
	})
	return out, err
}

func flowBase(app, name string) string { return "/config/" + app + "/flows/" + name }

func flowView(app string, f flow) gin.H {
	return gin.H{"_self": flowBase(app, f.Name), "name": f.Name, "version": f.Version, "userData": nonNil(f.UserData),
		"schemas": nonNil(f.Schemas)}
}

// named lists a map's keys as {_self, name}, sorted.
func named[V any](base string, m map[string]V) []gin.H {
	out := []gin.H{}
	for _, k := range sortedKeys(m) {
		out = append(out, gin.H{"_self": base + "/" + k, "name": k})
	}
	return out
}

// --- flows and versions --------------------------------------------------------------

func (h *Handler) listFlows(_ *gin.Context, x *call) (int, any, error) {
	out := []gin.H{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		return flows.Each(tx, x.app, func(name string, _ flow) bool {
			out = append(out, gin.H{"_self": flowBase(x.app, name), "name": name})
			return true
		})
	})
	return http.StatusOK, out, err
}

func (h *Handler) getFlow(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(_ *store.Tx, f flow) (any, error) { return flowView(x.app, f), nil })
}

// updateFlow replaces userData and schemas: entity types of the app, and attributes of
// the first of them.
func (h *Handler) updateFlow(c *gin.Context, x *call) (int, any, error) {
	var in struct {
		UserData *[]string `json:"userData"`
		Schemas  *[]string `json:"schemas"`
	}
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	f, err := h.editFlow(c, x, func(tx *store.Tx, f *flow) (string, error) {
		if in.Schemas != nil {
			if len(*in.Schemas) == 0 {
				return "", badRequest("Invalid request: schemas needs at least one entity type")
			}
			for _, name := range *in.Schemas {
				if _, err := h.capiEntityType(tx, x.app, name); err != nil {
					return "", badRequest("Invalid request: schemas: entity type " + name + " does not exist")
				}
			}
			f.Schemas = slices.Clone(*in.Schemas)
		}
		if in.UserData != nil {
			et, err := h.capiEntityType(tx, x.app, f.schema())
			if err != nil {
				return "", err
			}
			for _, path := range *in.UserData {
				if _, _, err := et.resolveString(path); err != nil {
					return "", badRequest("Invalid request: userData: attribute " + path + " does not exist")
				}
			}
			f.UserData = slices.Clone(*in.UserData)
		}
		return "Updated the flow's userData and schemas", nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, flowView(x.app, f), nil
}

// copyFlow creates a new flow from the HEAD of one; it cannot overwrite a flow.
func (h *Handler) copyFlow(c *gin.Context, x *call) (int, any, error) {
	var in struct {
		Name string `json:"name"`
	}
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	var out flow
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		src, err := capiFlow(tx, x.app, contract.Param(c, "flow"))
		if err != nil {
			return err
		}
		if _, err := flows.Get(tx, x.app, in.Name); !errors.Is(err, store.ErrNotFound) {
			if err != nil {
				return err
			}
			return conflict("A flow named " + in.Name + " already exists.")
		}
		out = cloneFlow(src)
		out.Name, out.Version, out.Change = in.Name, nextVersion("", tx.Now()), "Copied from flow "+src.Name
		return flows.Insert(tx, x.app, out.Name, out)
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, flowView(x.app, out), nil
}

// promoteFlow copies a flow's HEAD into another app, as a new flow there or as a new
// version of the flow of the same name. The target app needs the flow's entity types.
func (h *Handler) promoteFlow(c *gin.Context, x *call) (int, any, error) {
	var in struct {
		App  string `json:"app_id"`
		Name string `json:"name"`
	}
	if err := jsonBody(c, &in); err != nil {
		return 0, nil, err
	}
	var out flow
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		src, err := capiFlow(tx, x.app, contract.Param(c, "flow"))
		if err != nil {
			return err
		}
		if in.Name == "" {
			in.Name = src.Name
		}
		if in.App == x.app && in.Name == src.Name {
			return badRequest("Invalid request: a flow cannot be promoted onto itself")
		}
		if err := knownApp(tx, in.App); err != nil {
			return badRequest("Invalid request: application " + in.App + " does not exist")
		}
		for _, name := range src.Schemas {
			if _, err := h.capiEntityType(tx, in.App, name); err != nil {
				return badRequest("Invalid request: application " + in.App + " has no entity type " + name)
			}
		}
		next := cloneFlow(src)
		next.Name = in.Name
		change := "Promoted from application " + x.app + ", flow " + src.Name
		target, err := flows.Get(tx, in.App, in.Name)
		switch {
		case errors.Is(err, store.ErrNotFound):
			next.Version, next.Change = nextVersion("", tx.Now()), change
			out = next
			return flows.Insert(tx, in.App, next.Name, next)
		case err != nil:
			return err
		}
		out, err = saveFlowChange(tx, in.App, target, next, change)
		return err
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, flowView(in.App, out), nil
}

// listFlowVersions: HEAD (with its change) first, then the kept versions, newest first.
func (h *Handler) listFlowVersions(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(tx *store.Tx, f flow) (any, error) {
		out := []gin.H{{"version": headVersion, "change": f.Change}}
		var kept []flow
		err := flowVersions.Each(tx, x.app, func(key string, v flow) bool {
			if strings.HasPrefix(key, f.Name+"@") {
				kept = append(kept, v)
			}
			return true
		})
		sort.Slice(kept, func(i, j int) bool { return newerVersion(kept[i].Version, kept[j].Version) })
		for _, v := range kept {
			out = append(out, gin.H{"version": v.Version, "change": v.Change})
		}
		return out, err
	})
}

// newerVersion compares version ids, which are decimal numbers of the same width (or
// longer, past the year 9999).
func newerVersion(a, b string) bool {
	if len(a) != len(b) {
		return len(a) > len(b)
	}
	return a > b
}

func (h *Handler) getFlowVersion(c *gin.Context, x *call) (int, any, error) {
	return h.readFlow(c, x, func(tx *store.Tx, f flow) (any, error) {
		v, ok, err := flowVersion(tx, x.app, f, contract.Param(c, "version"))
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, configErr(http.StatusNotFound, "Version not found.")
		}
		return flowView(x.app, v), nil
	})
}

// restoreFlowVersion makes a kept version the flow's new HEAD.
func (h *Handler) restoreFlowVersion(c *gin.Context, x *call) (int, any, error) {
	version := contract.Param(c, "version")
	f, err := h.editFlow(c, x, func(tx *store.Tx, f *flow) (string, error) {
		v, ok, err := flowVersion(tx, x.app, *f, version)
		if err != nil {
			return "", err
		}
		if !ok {
			return "", configErr(http.StatusNotFound, "Version not found.")
		}
		*f = cloneFlow(v)
		return "Restored version " + version, nil
	})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, flowView(x.app, f), nil
}
