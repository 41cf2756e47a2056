package akamai

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/idemu/idemu/emulator/store"
)

var typeNameRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,63}$`)

// callerClientID is the client a request acts as: the authenticated client, or the
// client a user or creation token was issued to.
func (r *request) callerClientID() string {
	switch {
	case r.caller.client != nil:
		return r.caller.client.ID
	case r.caller.user != nil:
		return r.caller.user.ClientID
	case r.caller.creation != nil:
		return r.caller.creation.ClientID
	}
	return ""
}

func (h *Handler) listEntityTypes(_ *gin.Context, r *request) (result, error) {
	names := []string{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		return entityTypes.Each(tx, r.app, func(name string, _ entityType) bool {
			names = append(names, name)
			return true
		})
	})
	return result{"results": names}, err
}

func (h *Handler) getEntityType(_ *gin.Context, r *request) (result, error) {
	var out map[string]any
	err := h.deps.Store.View(func(tx *store.Tx) error {
		et, err := h.loadType(tx, r.app, r.str("type_name"))
		if err != nil {
			return err
		}
		out = et.schemaView(r.flag("remove_reserved"), viewFor(et, r.callerClientID(), accessRead))
		return nil
	})
	return result{"schema": out}, err
}

// attrDefsArg decodes attribute definitions; JSON that does not fit the shape is code 200.
func attrDefsArg(r *request, name string, into any) error {
	text := r.str(name)
	var probe any
	if json.Unmarshal([]byte(text), &probe) != nil {
		return notJSON(name)
	}
	if err := json.Unmarshal([]byte(text), into); err != nil {
		return invalidArg(name, "it is not a valid attribute definition: "+err.Error())
	}
	return nil
}

func (h *Handler) createEntityType(_ *gin.Context, r *request) (result, error) {
	name := r.str("type_name")
	if !typeNameRe.MatchString(name) {
		return nil, invalidArg("type_name", "an entity type name starts with a letter and holds only letters, digits and _")
	}
	var defs []*attrDef
	if err := attrDefsArg(r, "attr_defs", &defs); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, d := range defs {
		if err := checkAttrDef(d, "attr_defs", false); err != nil {
			return nil, err
		}
		if seen[d.Name] {
			return nil, invalidArg("attr_defs", "two attributes are named "+d.Name)
		}
		seen[d.Name] = true
	}
	et := &entityType{Name: name, AttrDefs: defs}
	if et.AttrDefs == nil {
		et.AttrDefs = []*attrDef{}
	}
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		if _, err := entityTypes.Get(tx, r.app, name); err == nil {
			return fail(codeEntityTypeExists, "entity type "+name+" already exists").with("type_name", name)
		}
		return saveType(tx, r.app, et)
	})
	if err != nil {
		return nil, err
	}
	return result{"schema": et.schemaView(false, nil)}, nil
}

// changeType runs fn on an entity type inside one write and answers its schema.
func (h *Handler) changeType(r *request, fn func(tx *store.Tx, et *entityType) error) (result, error) {
	var out map[string]any
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		et, err := editType(tx, r.app, r.str("type_name"))
		if err != nil {
			return err
		}
		if err := fn(tx, et); err != nil {
			return err
		}
		out = et.schemaView(false, nil)
		return saveType(tx, r.app, et)
	})
	if err != nil {
		return nil, err
	}
	return result{"schema": out}, nil
}

func (h *Handler) addEntityTypeAttribute(_ *gin.Context, r *request) (result, error) {
	var d attrDef
	if err := attrDefsArg(r, "attr_def", &d); err != nil {
		return nil, err
	}
	if err := checkAttrDef(&d, "attr_def", false); err != nil {
		return nil, err
	}
	return h.changeType(r, func(_ *store.Tx, et *entityType) error {
		if et.root().child(d.Name) != nil {
			return fail(codeAttributeExists, "attribute "+d.Name+" already exists").with("attribute_name", d.Name)
		}
		et.AttrDefs = append(et.AttrDefs, &d)
		return nil
	})
}

// eachRecord rewrites every record of a type with fn, keeping unique claims in step
// with the new schema (before is the schema the stored claims were made under).
func eachRecord(tx *store.Tx, app string, before, after *entityType, fn func(attrs map[string]any)) error {
	var docs []entityDoc
	err := entities(after.Name).Each(tx, app, func(_ string, d entityDoc) bool {
		docs = append(docs, d)
		return true
	})
	if err != nil {
		return err
	}
	for _, d := range docs {
		key := entityKey(d.id())
		if err := releaseClaims(tx, app, before, key, d.Attrs); err != nil {
			return err
		}
	}
	for _, d := range docs {
		fn(d.Attrs)
		key := entityKey(d.id())
		if err := takeClaims(tx, app, after, key, d.Attrs); err != nil {
			return err
		}
		if err := entities(after.Name).Put(tx, app, key, d); err != nil {
			return err
		}
	}
	return nil
}

// cloneType copies a type deeply enough to change its definitions.
func cloneType(et *entityType) *entityType {
	raw, _ := json.Marshal(et)
	var out entityType
	_ = json.Unmarshal(raw, &out)
	return &out
}

func (h *Handler) removeEntityTypeAttribute(_ *gin.Context, r *request) (result, error) {
	return h.changeType(r, func(tx *store.Tx, et *entityType) error {
		p, err := parsePath(r.str("attribute_name"))
		if err != nil {
			return fail(codeUnknownAttribute, err.Error()).with("attribute_name", r.str("attribute_name"))
		}
		path := p.schemaPath()
		if slices.Contains(reservedAttributes, path) {
			return fail(codeReservedAttribute, path+" is a reserved attribute").with("attribute_name", path)
		}
		if _, err := et.resolve(p); err != nil {
			return err
		}
		before := cloneType(et)
		parent := et.root()
		for _, seg := range p[:len(p)-1] {
			parent = parent.child(seg.name)
		}
		last := p[len(p)-1].name
		parent.AttrDefs = slices.DeleteFunc(parent.AttrDefs, func(d *attrDef) bool { return d.Name == last })
		if len(p) == 1 {
			et.AttrDefs = parent.AttrDefs
		}
		dropPath(et, path)
		names := strings.Split(path, ".")
		return eachRecord(tx, r.app, before, et, func(attrs map[string]any) { deleteLeaves(attrs, names) })
	})
}

// dropPath forgets a removed attribute in the type's rules and access schemas.
func dropPath(et *entityType, path string) {
	under := func(p string) bool { return p == path || strings.HasPrefix(p, path+".") }
	var rules []rule
	for _, ru := range et.Rules {
		ru.Attributes = slices.DeleteFunc(ru.Attributes, func(a string) bool {
			p, err := parsePath(a)
			return err == nil && under(p.schemaPath())
		})
		if len(ru.Attributes) > 0 {
			rules = append(rules, ru)
		}
	}
	et.Rules = rules
	for _, kinds := range et.AccessSchemas {
		for kind, paths := range kinds {
			kinds[kind] = slices.DeleteFunc(slices.Clone(paths), under)
		}
	}
}

// deleteLeaves removes a path's values from a record (in every plural element).
func deleteLeaves(cur map[string]any, names []string) {
	if len(names) == 1 {
		delete(cur, names[0])
		return
	}
	switch x := cur[names[0]].(type) {
	case map[string]any:
		deleteLeaves(x, names[1:])
	case []any:
		for _, it := range x {
			if el, ok := it.(map[string]any); ok {
				deleteLeaves(el, names[1:])
			}
		}
	}
}

func (h *Handler) setEntityTypeAttributeConstraints(_ *gin.Context, r *request) (result, error) {
	var constraints []string
	if _, err := r.jsonArg("constraints", &constraints); err != nil {
		return nil, err
	}
	return h.changeType(r, func(tx *store.Tx, et *entityType) error {
		p, _, err := et.resolveString(r.str("attribute_name"))
		if err != nil {
			return err
		}
		if slices.Contains(reservedAttributes, p.schemaPath()) || (len(p) > 1 && p[len(p)-1].name == attrID) {
			return fail(codeReservedAttribute, p.schemaPath()+" is a reserved attribute").with("attribute_name", p.schemaPath())
		}
		before := cloneType(et)
		d, _ := et.resolve(p)
		parent, _ := et.resolve(p[:len(p)-1])
		d.Constraints = slices.Clone(constraints)
		if err := checkConstraints(d, "constraints", parent.Type == typePlural); err != nil {
			return err
		}
		// unique and locally-unique hold for the data already stored, or the call fails.
		names := strings.Split(p.schemaPath(), ".")
		if d.has(constraintLocallyUnique) {
			var violation error
			err := entities(et.Name).Each(tx, r.app, func(_ string, doc entityDoc) bool {
				violation = checkLocallyUnique(d, p.schemaPath(), leaves(doc.Attrs, names))
				return violation == nil
			})
			if err != nil {
				return err
			}
			if violation != nil {
				return violation
			}
		}
		return eachRecord(tx, r.app, before, et, func(map[string]any) {})
	})
}

func (h *Handler) setEntityTypePasswordSettings(_ *gin.Context, r *request) (result, error) {
	var settings map[string]any
	if _, err := r.jsonArg("settings", &settings); err != nil {
		return nil, err
	}
	size, ok := settings["historySize"].(float64)
	if !ok || size < 0 || size > 10 || size != float64(int(size)) {
		return nil, invalidArg("settings", "historySize is a whole number from 0 to 10")
	}
	err := h.deps.Store.Update(func(tx *store.Tx) error {
		et, err := editType(tx, r.app, r.str("type_name"))
		if err != nil {
			return err
		}
		et.PasswordHistory = int(size)
		return saveType(tx, r.app, et)
	})
	return result{"settings": map[string]any{"historySize": int(size)}}, err
}

func (h *Handler) listEntityTypeRules(_ *gin.Context, r *request) (result, error) {
	out := []rule{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		et, err := h.loadType(tx, r.app, r.str("type_name"))
		if err == nil {
			out = append(out, et.Rules...)
		}
		return err
	})
	return result{"results": out}, err
}

func (h *Handler) addEntityTypeRule(_ *gin.Context, r *request) (result, error) {
	var attrs []string
	if _, err := r.jsonArg("attributes", &attrs); err != nil {
		return nil, err
	}
	if len(attrs) == 0 {
		return nil, invalidArg("attributes", "a rule needs at least one attribute")
	}
	var definition any
	if _, err := r.jsonArg("definition", &definition); err != nil {
		return nil, err
	}
	node, err := parseRule(definition, false)
	if err != nil {
		return nil, invalidArg("definition", err.Error())
	}
	ru := rule{UUID: uuid.NewString(), Definition: definition}
	if r.has("description") {
		ru.Description = strptr(r.str("description"))
	}
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		et, err := editType(tx, r.app, r.str("type_name"))
		if err != nil {
			return err
		}
		for _, a := range attrs {
			p, d, err := et.resolveString(a)
			if err != nil {
				return err
			}
			if slices.Contains(reservedAttributes, p.schemaPath()) {
				return fail(codeReservedAttribute, p.schemaPath()+" is a reserved attribute").with("attribute_name", p.schemaPath())
			}
			if err := node.checkTypes(d, p.schemaPath()); err != nil {
				return invalidArg("definition", err.Error())
			}
			ru.Attributes = append(ru.Attributes, "/"+strings.ReplaceAll(p.schemaPath(), ".", "/"))
		}
		et.Rules = append(et.Rules, ru)
		return saveType(tx, r.app, et)
	})
	if err != nil {
		return nil, err
	}
	return result{"result": ru}, nil
}

func (h *Handler) removeEntityTypeRule(_ *gin.Context, r *request) (result, error) {
	return nil, h.deps.Store.Update(func(tx *store.Tx) error {
		et, err := editType(tx, r.app, r.str("type_name"))
		if err != nil {
			return err
		}
		n := len(et.Rules)
		et.Rules = slices.DeleteFunc(et.Rules, func(ru rule) bool { return ru.UUID == r.str("uuid") })
		if len(et.Rules) == n {
			return invalidArg("uuid", "entity type "+et.Name+" has no rule "+r.str("uuid"))
		}
		return saveType(tx, r.app, et)
	})
}
