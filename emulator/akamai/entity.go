package akamai

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/idemu/idemu/emulator/store"
)

// Paging of entity.find.
const (
	defaultMaxResults = 100
)

// selectRecord finds the record a single-record operation is about: the access token's
// own record (janrain-oauth ignores every selector), else exactly one of uuid, id, or
// key_attribute with a JSON key_value.
func selectRecord(tx *store.Tx, r *request, et *entityType) (entityDoc, error) {
	if tok := r.caller.user; tok != nil {
		if tok.TypeName != et.Name {
			return entityDoc{}, invalidArg("type_name", "the access token is for entity type "+tok.TypeName)
		}
		return entityByUUID(tx, r.app, et, tok.EntityUUID)
	}
	given := 0
	for _, name := range []string{"uuid", "id", "key_attribute"} {
		if r.has(name) {
			given++
		}
	}
	switch {
	case given > 1:
		return entityDoc{}, fail(codeDuplicateArgument, "give only one of uuid, id and key_attribute")
	case r.has("uuid"):
		u, err := uuid.Parse(r.str("uuid"))
		if err != nil {
			return entityDoc{}, invalidArg("uuid", "invalid uuid")
		}
		return entityByUUID(tx, r.app, et, u.String())
	case r.has("id"):
		return entityByID(tx, r.app, et, r.number("id", 0))
	case r.has("key_attribute"):
		p, d, err := et.resolveString(r.str("key_attribute"))
		if err != nil {
			return entityDoc{}, err
		}
		if !d.has(constraintUnique) || d.container() {
			return entityDoc{}, invalidArg("key_attribute", p.schemaPath()+" does not have a unique constraint")
		}
		if !r.has("key_value") {
			return entityDoc{}, missing("key_value")
		}
		v, err := decodeJSON(r.str("key_value"))
		if err != nil {
			return entityDoc{}, invalidArg("key_value", "the JSON is not syntactically valid (string values are written in double quotes)")
		}
		return entityByUnique(tx, r.app, et, p.schemaPath(), d, v)
	}
	return entityDoc{}, missing("uuid")
}

// checkTimestamps: a created or lastUpdated parameter must match the stored value.
func checkTimestamps(r *request, doc entityDoc, now time.Time) error {
	for _, name := range []string{attrCreated, attrLastUpdated} {
		if !r.has(name) {
			continue
		}
		stored, _ := doc.Attrs[name].(string)
		want, ok1 := parseDateTime(stored, now)
		got, ok2 := parseDateTime(r.str(name), now)
		if !ok2 {
			return invalidArg(name, "it is not a date and time")
		}
		if !ok1 || !want.Equal(got) {
			return fail(codeTimestampMismatch, name+" does not match the stored value").
				with("attribute_name", name).with("actual_value", stored).with("supplied_value", r.str(name))
		}
	}
	return nil
}

func (h *Handler) getEntity(_ *gin.Context, r *request) (result, error) {
	var out any
	err := h.deps.Store.View(func(tx *store.Tx) error {
		et, err := h.loadType(tx, r.app, r.str("type_name"))
		if err != nil {
			return err
		}
		doc, err := selectRecord(tx, r, et)
		if err != nil {
			return err
		}
		if err := checkTimestamps(r, doc, tx.Now()); err != nil {
			return err
		}
		read := viewFor(et, r.callerClientID(), accessRead)
		if r.has("password_attribute") || r.has("password_value") {
			if err := checkPassword(r, et, doc, read); err != nil {
				return err
			}
		}
		var names []string
		if _, err := r.jsonArg("attributes", &names); err != nil {
			return err
		}
		vs := []*accessView{read}
		if names != nil {
			proj, err := projection(et, names, read)
			if err != nil {
				return err
			}
			vs = append(vs, proj)
		}
		rec := renderRecord(et, doc.Attrs, vs...)
		out = rec
		if r.has("attribute_name") {
			p, _, err := et.resolveString(r.str("attribute_name"))
			if err != nil {
				return err
			}
			if !read.reaches(p.schemaPath()) {
				return unknownAttribute(p.schemaPath())
			}
			v, ok := valueAt(renderRecord(et, doc.Attrs, read), p)
			if !ok {
				return recordNotFound("no element " + r.str("attribute_name"))
			}
			out = v
		}
		return nil
	})
	return result{"result": out}, err
}

// checkPassword verifies password_value against the record's password attribute.
func checkPassword(r *request, et *entityType, doc entityDoc, read *accessView) error {
	if !r.has("password_attribute") {
		return missing("password_attribute")
	}
	if !r.has("password_value") {
		return missing("password_value")
	}
	p, d, err := et.resolveString(r.str("password_attribute"))
	if err != nil {
		return err
	}
	if d.Type != typePassword || !read.reaches(p.schemaPath()) {
		return invalidArg("password_attribute", p.schemaPath()+" is not a password attribute")
	}
	v, _ := valueAt(doc.Attrs, p)
	if !passwordMatches(v, r.str("password_value")) {
		return fail(codeInvalidPasswordValue, "incorrect password.")
	}
	return nil
}

// searchRequest is a parsed entity.find or entity.count.
type searchRequest struct {
	et    *entityType
	read  *accessView
	match condition
}

func (h *Handler) prepareSearch(tx *store.Tx, r *request) (searchRequest, error) {
	et, err := h.loadType(tx, r.app, r.str("type_name"))
	if err != nil {
		return searchRequest{}, err
	}
	s := searchRequest{et: et, read: viewFor(et, r.callerClientID(), accessRead), match: func(map[string]any) bool { return true }}
	if !r.has("filter") {
		return s, nil
	}
	expr, err := parseFilter(r.str("filter"))
	if err == nil {
		s.match, err = bindFilter(expr, et, s.read, tx.Now())
	}
	var fe *filterError
	if errors.As(err, &fe) {
		if fe.removed {
			return s, fail(codeRemovedFilterOperator, "filter was not valid for the following reason: "+fe.msg).with("argument_name", "filter")
		}
		return s, invalidArg("filter", fe.msg)
	}
	return s, err
}

// matches lists the records a search selects, in id order.
func (s searchRequest) matches(tx *store.Tx, app string) ([]entityDoc, error) {
	var out []entityDoc
	err := entities(s.et.Name).Each(tx, app, func(_ string, d entityDoc) bool {
		if s.match(d.Attrs) {
			out = append(out, d)
		}
		return true
	})
	return out, err
}

func (h *Handler) countEntities(_ *gin.Context, r *request) (result, error) {
	n := 0
	err := h.deps.Store.View(func(tx *store.Tx) error {
		s, err := h.prepareSearch(tx, r)
		if err != nil {
			return err
		}
		docs, err := s.matches(tx, r.app)
		n = len(docs)
		return err
	})
	return result{"total_count": n}, err
}

// sortKey is one sort_on entry: an attribute path, descending when written with "-".
type sortKey struct {
	names []string
	def   *attrDef
	desc  bool
}

func sortKeys(r *request, et *entityType, read *accessView) ([]sortKey, error) {
	var raw []string
	if _, err := r.jsonArg("sort_on", &raw); err != nil {
		return nil, err
	}
	var keys []sortKey
	for _, s := range raw {
		desc := strings.HasPrefix(s, "-")
		p, d, err := et.resolveString(strings.TrimPrefix(s, "-"))
		if err != nil {
			return nil, invalidArg("sort_on", "unknown attribute "+s)
		}
		through := false
		for i := 1; i < len(p); i++ {
			if sd, _ := et.resolve(p[:i]); sd != nil && sd.Type == typePlural {
				through = true
			}
		}
		if d.container() || d.Type == typeJSON || d.Type == typePassword || through || !read.reaches(p.schemaPath()) {
			return nil, invalidArg("sort_on", "records cannot be sorted on "+s)
		}
		keys = append(keys, sortKey{names: strings.Split(p.schemaPath(), "."), def: d, desc: desc})
	}
	return keys, nil
}

// sortValue is a record's value for a sort key (null when an object on the way is
// missing, as in records stored before the object was added to the schema).
func sortValue(attrs map[string]any, names []string) any {
	if l := leaves(attrs, names); len(l) > 0 {
		return l[0].value
	}
	return nil
}

// compareValues orders two values of one attribute; null sorts first.
func compareValues(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	switch x := a.(type) {
	case float64:
		y, _ := b.(float64)
		return cmp.Compare(x, y)
	case bool:
		y, _ := b.(bool)
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	}
	return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
}

func (h *Handler) findEntities(_ *gin.Context, r *request) (result, error) {
	out := result{}
	err := h.deps.Store.View(func(tx *store.Tx) error {
		s, err := h.prepareSearch(tx, r)
		if err != nil {
			return err
		}
		keys, err := sortKeys(r, s.et, s.read)
		if err != nil {
			return err
		}
		var names []string
		if _, err := r.jsonArg("attributes", &names); err != nil {
			return err
		}
		vs := []*accessView{s.read}
		if names != nil {
			proj, err := projection(s.et, names, s.read)
			if err != nil {
				return err
			}
			vs = append(vs, proj)
		}
		docs, err := s.matches(tx, r.app)
		if err != nil {
			return err
		}
		slices.SortStableFunc(docs, func(a, b entityDoc) int {
			for _, k := range keys {
				c := compareValues(sortValue(a.Attrs, k.names), sortValue(b.Attrs, k.names))
				if k.desc {
					c = -c
				}
				if c != 0 {
					return c
				}
			}
			return 0
		})
		first := int(r.number("first_result", 1))
		max := int(r.number("max_results", defaultMaxResults))
		page := []any{}
		for i := first - 1; i >= 0 && i < len(docs) && len(page) < max; i++ {
			page = append(page, renderRecord(s.et, docs[i].Attrs, vs...))
		}
		out["results"], out["result_count"] = page, len(page)
		if r.flag("show_total_count") {
			out["total_count"] = len(docs)
		}
		return nil
	})
	return out, err
}
