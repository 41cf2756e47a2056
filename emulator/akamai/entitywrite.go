package akamai

import (
	"encoding/json"
	"errors"

	"github.com/gin-gonic/gin"

	"github.com/idemu/idemu/emulator/store"
)

// writeContext is what every write needs besides the record: the entity type, the
// client's write access schema and whether lastUpdated moves.
type writeContext struct {
	et               *entityType
	access           *accessView
	touchLastUpdated bool
}

func (h *Handler) writeContext(tx *store.Tx, r *request) (writeContext, error) {
	et, err := h.loadType(tx, r.app, r.str("type_name"))
	if err != nil {
		return writeContext{}, err
	}
	// Writes by a metadata client do not count as updates of the record.
	metadata := r.caller.client != nil && r.caller.client.has(featureMetadata)
	return writeContext{et: et, access: viewFor(et, r.callerClientID(), accessWrite), touchLastUpdated: !metadata}, nil
}

// createRecord validates attributes as a new record and stores it.
func (h *Handler) createRecord(tx *store.Tx, app string, wc writeContext, in map[string]any, pinnedUUID string) (entityDoc, error) {
	w := newWriter(wc.et, tx.Now(), wc.access, true)
	attrs, err := w.object(wc.et.AttrDefs, "", in, nil, modeCreate, true)
	if err != nil {
		return entityDoc{}, err
	}
	if err := w.check(attrs); err != nil {
		return entityDoc{}, err
	}
	doc := entityDoc{Attrs: attrs}
	return doc, storeNew(tx, app, wc.et, &doc, pinnedUUID, h.deps.BcryptCost)
}

// changeRecord applies an update or replace (at attribute_name, when given) to a record.
func (h *Handler) changeRecord(tx *store.Tx, app string, wc writeContext, doc entityDoc, target string, in any, mode writeMode) (entityDoc, error) {
	old := deepClone(doc.Attrs).(map[string]any)
	w := newWriter(wc.et, tx.Now(), wc.access, false)
	next, err := w.apply(old, target, in, mode)
	if err != nil {
		return entityDoc{}, err
	}
	if err := w.check(next); err != nil {
		return entityDoc{}, err
	}
	changed := entityDoc{Attrs: next, PasswordHistory: doc.PasswordHistory}
	return changed, storeChanged(tx, app, wc.et, doc.Attrs, &changed, h.deps.BcryptCost, wc.touchLastUpdated)
}

// apply writes in at target (the whole record when target is "").
func (w *writer) apply(old map[string]any, target string, in any, mode writeMode) (map[string]any, error) {
	if target == "" {
		obj, ok := in.(map[string]any)
		if !ok {
			return nil, invalidArg("attributes", "it must be a JSON object")
		}
		return w.object(w.et.AttrDefs, "", obj, old, mode, true)
	}
	p, d, err := w.et.resolveString(target)
	if err != nil {
		return nil, err
	}
	path := p.schemaPath()
	if isReservedPath(p) {
		return nil, fail(codeReservedAttribute, path+" is a reserved attribute").with("attribute_name", path)
	}
	if !w.access.writable(path, d) {
		return nil, unknownAttribute(path)
	}
	next := deepClone(old).(map[string]any)
	parent, err := containerAt(next, p[:len(p)-1], target)
	if err != nil {
		return nil, err
	}
	last := p[len(p)-1]
	if last.elem == 0 {
		v, err := w.value(d, path, in, parent[last.name], mode)
		if err != nil {
			return nil, err
		}
		parent[last.name] = v
		return next, nil
	}
	items, _ := parent[last.name].([]any)
	i := indexOfElement(items, last.elem)
	if i < 0 {
		return nil, recordNotFound("no element " + target)
	}
	obj, ok := in.(map[string]any)
	if !ok {
		return nil, jsonType(path, "an object")
	}
	w.touchAll(path, d)
	oldEl, _ := items[i].(map[string]any)
	el, err := w.object(d.AttrDefs, path, obj, oldEl, mode, false)
	if err != nil {
		return nil, err
	}
	el[attrID] = float64(last.elem)
	items[i] = el
	return next, nil
}

func isReservedPath(p attrPath) bool {
	if len(p) == 1 {
		for _, name := range reservedAttributes {
			if p[0].name == name {
				return true
			}
		}
	}
	return p[len(p)-1].name == attrID
}

// containerAt walks to the object that holds the last segment of a path, creating empty
// objects on the way; plurals on the way must name their element.
func containerAt(rec map[string]any, p attrPath, target string) (map[string]any, error) {
	cur := rec
	for _, seg := range p {
		if seg.elem == 0 {
			next, ok := cur[seg.name].(map[string]any)
			if !ok {
				if _, isPlural := cur[seg.name].([]any); isPlural {
					return nil, invalidArg("attribute_name", "name the plural element in "+target+" with #id")
				}
				next = map[string]any{}
				cur[seg.name] = next
			}
			cur = next
			continue
		}
		items, _ := cur[seg.name].([]any)
		i := indexOfElement(items, seg.elem)
		if i < 0 {
			return nil, recordNotFound("no element " + target)
		}
		cur = items[i].(map[string]any)
	}
	return cur, nil
}

// attributesArg reads the attributes parameter (or its legacy name, value).
func attributesArg(r *request) (any, error) {
	name := "attributes"
	if !r.has(name) && r.has("value") {
		name = "value"
	}
	if !r.has(name) {
		return nil, missing("attributes")
	}
	v, err := decodeJSON(r.str(name))
	if err != nil {
		return nil, notJSON(name)
	}
	return v, nil
}

func (h *Handler) createEntity(_ *gin.Context, r *request) (result, error) {
	in, err := attributesArg(r)
	if err != nil {
		return nil, err
	}
	obj, ok := in.(map[string]any)
	if !ok {
		return nil, invalidArg("attributes", "it must be a JSON object")
	}
	var doc entityDoc
	var wc writeContext
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		if tok := r.caller.creation; tok != nil {
			if tok.TypeName != r.str("type_name") {
				return invalidArg("type_name", "the creation token is for entity type "+tok.TypeName)
			}
			if err := spend(tx, r.app, kindCreation, r.str("creation_token")); err != nil {
				return err
			}
		}
		if wc, err = h.writeContext(tx, r); err != nil {
			return err
		}
		doc, err = h.createRecord(tx, r.app, wc, obj, "")
		return err
	})
	if err != nil {
		return nil, err
	}
	out := result{"id": doc.id(), "uuid": doc.uuid()}
	if r.flag("include_record") {
		out["result"] = renderRecord(wc.et, doc.Attrs, viewFor(wc.et, r.callerClientID(), accessRead))
	}
	return out, nil
}

// bulkCreateEntities creates each record in its own transaction, so one failure leaves
// the others created; a failed record's slot holds its error.
func (h *Handler) bulkCreateEntities(_ *gin.Context, r *request) (result, error) {
	var all []json.RawMessage
	if _, err := r.jsonArg("all_attributes", &all); err != nil {
		return nil, err
	}
	ids, uuids := make([]any, len(all)), make([]any, len(all))
	for i, raw := range all {
		err := h.deps.Store.Update(func(tx *store.Tx) error {
			var obj map[string]any
			if json.Unmarshal(raw, &obj) != nil || obj == nil {
				return invalidArg("all_attributes", "every item must be a JSON object")
			}
			wc, err := h.writeContext(tx, r)
			if err != nil {
				return err
			}
			doc, err := h.createRecord(tx, r.app, wc, obj, "")
			ids[i], uuids[i] = doc.id(), doc.uuid()
			return err
		})
		var ae *apiError
		switch {
		case errors.As(err, &ae) && ae.Code == codeUnknownEntityType:
			return nil, err
		case errors.As(err, &ae):
			_, body := ae.body(lowerAlnum(16), false)
			ids[i], uuids[i] = body, body
		case err != nil:
			return nil, err
		}
	}
	return result{"results": ids, "uuid_results": uuids}, nil
}

func (h *Handler) updateEntity(_ *gin.Context, r *request) (result, error) {
	return h.writeEntity(r, modeUpdate)
}

func (h *Handler) replaceEntity(_ *gin.Context, r *request) (result, error) {
	return h.writeEntity(r, modeReplace)
}

func (h *Handler) writeEntity(r *request, mode writeMode) (result, error) {
	in, err := attributesArg(r)
	if err != nil {
		return nil, err
	}
	var doc entityDoc
	var wc writeContext
	err = h.deps.Store.Update(func(tx *store.Tx) error {
		if wc, err = h.writeContext(tx, r); err != nil {
			return err
		}
		current, err := selectRecord(tx, r, wc.et)
		if err != nil {
			return err
		}
		if err := checkTimestamps(r, current, tx.Now()); err != nil {
			return err
		}
		doc, err = h.changeRecord(tx, r.app, wc, current, r.str("attribute_name"), in, mode)
		return err
	})
	if err != nil {
		return nil, err
	}
	if r.flag("include_record") {
		return result{"result": renderRecord(wc.et, doc.Attrs, viewFor(wc.et, r.callerClientID(), accessRead))}, nil
	}
	return nil, nil
}

func (h *Handler) deleteEntity(_ *gin.Context, r *request) (result, error) {
	return nil, h.deps.Store.Update(func(tx *store.Tx) error {
		wc, err := h.writeContext(tx, r)
		if err != nil {
			return err
		}
		doc, err := selectRecord(tx, r, wc.et)
		if err != nil {
			return err
		}
		if err := checkTimestamps(r, doc, tx.Now()); err != nil {
			return err
		}
		if !r.has("attribute_name") {
			return removeEntity(tx, r.app, wc.et, doc)
		}
		_, err = h.deleteAttribute(tx, r.app, wc, doc, r.str("attribute_name"))
		return err
	})
}

// deleteAttribute removes a plural element, empties a plural, or nulls any other value.
func (h *Handler) deleteAttribute(tx *store.Tx, app string, wc writeContext, doc entityDoc, target string) (entityDoc, error) {
	p, d, err := wc.et.resolveString(target)
	if err != nil {
		return entityDoc{}, err
	}
	last := p[len(p)-1]
	if last.elem == 0 {
		return h.changeRecord(tx, app, wc, doc, target, nil, modeReplace)
	}
	if isReservedPath(p) {
		return entityDoc{}, fail(codeReservedAttribute, p.schemaPath()+" is a reserved attribute").with("attribute_name", p.schemaPath())
	}
	if !wc.access.writable(p.schemaPath(), d) {
		return entityDoc{}, unknownAttribute(p.schemaPath())
	}
	next := deepClone(doc.Attrs).(map[string]any)
	parent, err := containerAt(next, p[:len(p)-1], target)
	if err != nil {
		return entityDoc{}, err
	}
	items, _ := parent[last.name].([]any)
	i := indexOfElement(items, last.elem)
	if i < 0 {
		return entityDoc{}, recordNotFound("no element " + target)
	}
	parent[last.name] = append(items[:i:i], items[i+1:]...)
	w := newWriter(wc.et, tx.Now(), wc.access, false)
	w.touchAll(p.schemaPath(), d)
	if err := w.check(next); err != nil {
		return entityDoc{}, err
	}
	changed := entityDoc{Attrs: next, PasswordHistory: doc.PasswordHistory}
	return changed, storeChanged(tx, app, wc.et, doc.Attrs, &changed, h.deps.BcryptCost, wc.touchLastUpdated)
}

func (h *Handler) deleteEntityAccess(_ *gin.Context, r *request) (result, error) {
	return nil, h.deps.Store.Update(func(tx *store.Tx) error {
		et, err := h.loadType(tx, r.app, r.str("type_name"))
		if err != nil {
			return err
		}
		doc, err := selectRecord(tx, r, et)
		if err != nil {
			return err
		}
		return revokeGrants(tx, r.app, doc.uuid())
	})
}
