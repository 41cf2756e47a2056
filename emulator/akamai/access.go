package akamai

import (
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/store"
)

// Access schema kinds.
const (
	accessRead  = "read"
	accessWrite = "write"
)

// accessView is the part of a schema a client may read or write. A nil view is the whole
// schema, which is what a client without an access schema gets.
type accessView struct {
	paths []string // schema paths in dot form
	// strict: system attributes are in the view only when listed (a projection);
	// access schemas always show them.
	strict bool
}

// viewFor is a client's read or write access schema for an entity type.
func viewFor(et *entityType, clientID, kind string) *accessView {
	paths, ok := et.AccessSchemas[clientID][kind]
	if !ok {
		return nil
	}
	return &accessView{paths: paths}
}

// allows: the path or one of its ancestors is in the view.
func (v *accessView) allows(path string) bool {
	if v == nil || (!v.strict && slices.Contains(reservedAttributes, path)) {
		return true
	}
	for _, p := range v.paths {
		if path == p || strings.HasPrefix(path, p+".") {
			return true
		}
	}
	return false
}

// reaches: the view allows the path or something inside it.
func (v *accessView) reaches(path string) bool {
	if v.allows(path) {
		return true
	}
	for _, p := range v.paths {
		if strings.HasPrefix(p, path+".") {
			return true
		}
	}
	return false
}

// writable: a leaf must be allowed; an object or plural may be entered when something
// inside it is (its children are then checked one by one).
func (v *accessView) writable(path string, d *attrDef) bool {
	if d.container() {
		return v.reaches(path)
	}
	return v.allows(path)
}

// filterDefs keeps the attribute definitions the view reaches.
func (v *accessView) filterDefs(defs []*attrDef, prefix string) []*attrDef {
	if v == nil {
		return defs
	}
	out := []*attrDef{}
	for _, d := range defs {
		path := joinPath(prefix, d.Name)
		switch {
		case v.allows(path):
			out = append(out, d)
		case d.container() && v.reaches(path):
			cp := *d
			cp.AttrDefs = v.filterDefs(d.AttrDefs, path)
			out = append(out, &cp)
		}
	}
	return out
}

// accessTarget loads the entity type (with load) and the client an access schema
// operation is about.
func accessTarget(tx *store.Tx, r *request, load func(tx *store.Tx, app, name string) (*entityType, error)) (*entityType, client, error) {
	et, err := load(tx, r.app, r.str("type_name"))
	if err != nil {
		return nil, client{}, err
	}
	cl, err := targetClient(tx, r.app, "for_client_id", r.str("for_client_id"))
	return et, cl, err
}

func (h *Handler) getEntityTypeAccessSchema(_ *gin.Context, r *request) (result, error) {
	var out map[string]any
	err := h.deps.Store.View(func(tx *store.Tx) error {
		et, cl, err := accessTarget(tx, r, h.loadType)
		if err != nil {
			return err
		}
		out = et.schemaView(false, viewFor(et, cl.ID, r.str("access_type")))
		return nil
	})
	return result{"schema": out}, err
}

func (h *Handler) setEntityTypeAccessSchema(_ *gin.Context, r *request) (result, error) {
	var names []string
	if _, err := r.jsonArg("attributes", &names); err != nil {
		return nil, err
	}
	var out map[string]any
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		et, cl, err := accessTarget(tx, r, editType)
		if err != nil {
			return err
		}
		paths := []string{}
		for _, n := range names {
			p, _, err := et.resolveString(n)
			if err != nil {
				return err
			}
			if slices.Contains(reservedAttributes, p.schemaPath()) {
				// Capture documents this combination as failing with its internal error.
				return fail(codeUnexpectedError, "Unexpected internal error")
			}
			paths = append(paths, p.schemaPath())
		}
		slices.Sort(paths)
		paths = slices.Compact(paths)
		if et.AccessSchemas == nil {
			et.AccessSchemas = map[string]map[string][]string{}
		}
		if et.AccessSchemas[cl.ID] == nil {
			et.AccessSchemas[cl.ID] = map[string][]string{}
		}
		et.AccessSchemas[cl.ID][r.str("access_type")] = paths
		out = et.schemaView(false, viewFor(et, cl.ID, r.str("access_type")))
		return saveType(tx, r.app, et)
	})
	return result{"schema": out}, err
}

func (h *Handler) deleteEntityTypeAccessSchema(_ *gin.Context, r *request) (result, error) {
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		et, cl, err := accessTarget(tx, r, editType)
		if err != nil {
			return err
		}
		if _, ok := et.AccessSchemas[cl.ID][r.str("access_type")]; !ok {
			return invalidArg("access_type", "client "+cl.ID+" has no "+r.str("access_type")+" access schema")
		}
		delete(et.AccessSchemas[cl.ID], r.str("access_type"))
		if len(et.AccessSchemas[cl.ID]) == 0 {
			delete(et.AccessSchemas, cl.ID)
		}
		return saveType(tx, r.app, et)
	})
	return result{"result": "access schema was deleted."}, err
}
