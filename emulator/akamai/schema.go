package akamai

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/idemu/idemu/emulator/store"
)

// Attribute types of a Capture schema.
const (
	typeString    = "string"
	typeBoolean   = "boolean"
	typeInteger   = "integer"
	typeDecimal   = "decimal"
	typeDate      = "date"
	typeDateTime  = "dateTime"
	typeJSON      = "json"
	typePassword  = "password"
	typeUUID      = "uuid"
	typeIPAddress = "ipAddress"
	typeObject    = "object"
	typePlural    = "plural"
	typeID        = "id" // the system's own record and plural element ids
)

var userTypes = []string{typeString, typeBoolean, typeInteger, typeDecimal, typeDate, typeDateTime,
	typeJSON, typePassword, typeUUID, typeIPAddress, typeObject, typePlural}

// Constraints an attribute can carry.
const (
	constraintRequired         = "required"
	constraintUnique           = "unique"
	constraintLocallyUnique    = "locally-unique"
	constraintAlphabetic       = "alphabetic"
	constraintAlphanumeric     = "alphanumeric"
	constraintUnicodeLetters   = "unicode-letters"
	constraintUnicodePrintable = "unicode-printable"
	constraintEmailAddress     = "email-address"
)

var knownConstraints = []string{constraintRequired, constraintUnique, constraintLocallyUnique, constraintAlphabetic,
	constraintAlphanumeric, constraintUnicodeLetters, constraintUnicodePrintable, constraintEmailAddress}

// System attributes every entity type has; clients cannot write them.
const (
	attrID          = "id"
	attrUUID        = "uuid"
	attrCreated     = "created"
	attrLastUpdated = "lastUpdated"
)

var reservedAttributes = []string{attrID, attrUUID, attrCreated, attrLastUpdated}

// attrDef is one attribute of a schema, in the shape entityType answers with.
type attrDef struct {
	Name          string     `json:"name"`
	Type          string     `json:"type"`
	Length        *int       `json:"length"`
	CaseSensitive *bool      `json:"case-sensitive,omitempty"`
	Description   *string    `json:"description"`
	Constraints   []string   `json:"constraints"`
	Features      []string   `json:"features"`
	AttrDefs      []*attrDef `json:"attr_defs,omitempty"`
}

func (d *attrDef) has(constraint string) bool { return slices.Contains(d.Constraints, constraint) }

// caseSensitive: strings compare exactly unless the attribute says otherwise.
func (d *attrDef) caseSensitive() bool { return d.CaseSensitive == nil || *d.CaseSensitive }

func (d *attrDef) child(name string) *attrDef {
	for _, c := range d.AttrDefs {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func (d *attrDef) container() bool { return d.Type == typeObject || d.Type == typePlural }

// entityType is a schema with its rules, password history setting, access schemas and
// the counter that numbers its records and plural elements.
type entityType struct {
	Name            string     `json:"name"`
	AttrDefs        []*attrDef `json:"attr_defs"`
	Rules           []rule     `json:"rules,omitempty"`
	PasswordHistory int        `json:"password_history"`
	// NextID is the last record or plural element id handed out. It is stored on its
	// own (entityCounters), so that creating records leaves the schema document, and
	// its parsed copy in the cache, unchanged.
	NextID int64 `json:"-"`
	// AccessSchemas: client id -> "read"/"write" -> attribute paths. A missing entry
	// means the client sees the whole schema.
	AccessSchemas map[string]map[string][]string `json:"access_schemas,omitempty"`
}

var entityTypes = store.Collection[entityType]{Name: "entity-types"}

var entityCounters = store.Collection[int64]{Name: "entity-ids"}

func unknownType(name string) *apiError {
	return fail(codeUnknownEntityType, "entity type "+name+" does not exist").with("type_name", name)
}

// typeCache keeps parsed schemas by their stored text: every entity call needs its
// schema, and decoding it costs more than the rest of a read. A restore, reset or
// schema change is seen at once, since the text then differs.
type typeCache struct {
	mu    sync.Mutex
	byKey map[string]cachedType
}

type cachedType struct {
	raw string
	et  entityType
}

// loadType returns an entity type for reading and for handing out ids. Its definitions,
// rules and access schemas are shared with the cache and must not be changed: schema
// operations use editType.
func (h *Handler) loadType(tx *store.Tx, app, name string) (*entityType, error) {
	raw, err := tx.GetRaw(app, entityTypes.Name, name)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return nil, unknownType(name)
	}
	if err != nil {
		return nil, err
	}
	key := app + "/" + name
	h.types.mu.Lock()
	c, ok := h.types.byKey[key]
	h.types.mu.Unlock()
	if !ok || c.raw != string(raw) {
		c = cachedType{raw: string(raw)}
		if err := json.Unmarshal(raw, &c.et); err != nil {
			return nil, fmt.Errorf("entity type %s/%s: %w", app, name, err)
		}
		h.types.mu.Lock()
		h.types.byKey[key] = c
		h.types.mu.Unlock()
	}
	et := c.et
	return &et, loadCounter(tx, app, &et)
}

// editType returns an entity type of its own, for operations that change the schema.
func editType(tx *store.Tx, app, name string) (*entityType, error) {
	et, err := entityTypes.Get(tx, app, name)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidKey) {
		return nil, unknownType(name)
	}
	if err != nil {
		return nil, err
	}
	return &et, loadCounter(tx, app, &et)
}

func loadCounter(tx *store.Tx, app string, et *entityType) error {
	n, err := entityCounters.Get(tx, app, et.Name)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	et.NextID = n
	return nil
}

// saveType stores a schema and its id counter.
func saveType(tx *store.Tx, app string, et *entityType) error {
	if err := entityTypes.Put(tx, app, et.Name, *et); err != nil {
		return err
	}
	return saveCounter(tx, app, et)
}

// saveCounter stores only the id counter, after records or plural elements took ids.
func saveCounter(tx *store.Tx, app string, et *entityType) error {
	return entityCounters.Put(tx, app, et.Name, et.NextID)
}

// root is the schema as one object attribute, so that paths resolve uniformly.
func (et *entityType) root() *attrDef {
	return &attrDef{Name: et.Name, Type: typeObject, AttrDefs: et.AttrDefs}
}

// allocate hands out the next record or plural element id.
func (et *entityType) allocate() int64 {
	et.NextID++
	return et.NextID
}

// segment is one step of an attribute path: a name, and for a plural, maybe an element id.
type segment struct {
	name string
	elem int64 // 0: no element
}

// attrPath is a parsed attribute path. Capture writes them as dot paths
// (primaryAddress.city), as slash paths (/primaryAddress/city) and addresses a plural
// element with #id (/statuses#5253).
type attrPath []segment

var segmentRe = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)(?:#([0-9]+))?$`)

func parsePath(s string) (attrPath, error) {
	s = strings.TrimSpace(s)
	sep := "."
	if strings.HasPrefix(s, "/") {
		s, sep = s[1:], "/"
	}
	if s == "" {
		return nil, errors.New("the path is empty")
	}
	var out attrPath
	for _, part := range strings.Split(s, sep) {
		m := segmentRe.FindStringSubmatch(part)
		if m == nil {
			return nil, fmt.Errorf("%q is not an attribute name", part)
		}
		seg := segment{name: m[1]}
		if m[2] != "" {
			id, err := strconv.ParseInt(m[2], 10, 64)
			if err != nil || id == 0 {
				return nil, fmt.Errorf("%q has no valid element id", part)
			}
			seg.elem = id
		}
		out = append(out, seg)
	}
	return out, nil
}

// schemaPath is the path without element ids, in dot form: how rules, constraints,
// access schemas and unique indexes name an attribute.
func (p attrPath) schemaPath() string {
	names := make([]string, len(p))
	for i, s := range p {
		names[i] = s.name
	}
	return strings.Join(names, ".")
}

// resolve finds the attribute a path names. Element ids are only allowed on plurals.
func (et *entityType) resolve(p attrPath) (*attrDef, error) {
	cur := et.root()
	for i, seg := range p {
		if !cur.container() {
			return nil, unknownAttribute(p.schemaPath())
		}
		next := cur.child(seg.name)
		if next == nil && i == 0 && slices.Contains(reservedAttributes, seg.name) {
			next = systemDef(seg.name)
		}
		if next == nil && cur.Type == typePlural && seg.name == attrID {
			next = systemDef(attrID)
		}
		if next == nil || (seg.elem != 0 && next.Type != typePlural) {
			return nil, unknownAttribute(p.schemaPath())
		}
		cur = next
	}
	return cur, nil
}

func (et *entityType) resolveString(s string) (attrPath, *attrDef, error) {
	p, err := parsePath(s)
	if err != nil {
		return nil, nil, fail(codeUnknownAttribute, "attribute "+s+" does not exist: "+err.Error()).with("attribute_name", s)
	}
	d, err := et.resolve(p)
	return p, d, err
}

func strptr(s string) *string { return &s }
func intptr(n int) *int       { return &n }
func boolptr(b bool) *bool    { return &b }

// systemDef describes a system attribute, as entityType lists it.
func systemDef(name string) *attrDef {
	switch name {
	case attrID:
		return &attrDef{Name: attrID, Type: typeID, Description: strptr("simple identifier for this entity"), Constraints: []string{constraintUnique, constraintRequired}, Features: []string{}}
	case attrUUID:
		return &attrDef{Name: attrUUID, Type: typeUUID, Description: strptr("globally unique identifier for this entity"), Constraints: []string{constraintUnique, constraintRequired}, Features: []string{}}
	case attrCreated:
		return &attrDef{Name: attrCreated, Type: typeDateTime, Description: strptr("when this entity was created"), Constraints: []string{constraintRequired}, Features: []string{}}
	default:
		return &attrDef{Name: attrLastUpdated, Type: typeDateTime, Description: strptr("when this entity was last updated"), Constraints: []string{constraintRequired}, Features: []string{}}
	}
}

// schemaView is the schema as entityType answers it: system attributes first (unless
// removeReserved), then the type's own.
func (et *entityType) schemaView(removeReserved bool, access *accessView) map[string]any {
	defs := []*attrDef{}
	if !removeReserved {
		for _, name := range reservedAttributes {
			defs = append(defs, systemDef(name))
		}
	}
	defs = append(defs, access.filterDefs(et.AttrDefs, "")...)
	return map[string]any{"name": et.Name, "attr_defs": defs}
}

var attrNameRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// checkAttrDef validates a client-supplied attribute definition (and its children),
// filling the defaults entityType shows.
func checkAttrDef(d *attrDef, arg string, inPlural bool) error {
	bad := func(reason string) error { return invalidArg(arg, reason) }
	switch {
	case d == nil:
		return bad("an attribute definition is not an object")
	case !attrNameRe.MatchString(d.Name):
		return bad(fmt.Sprintf("attribute name %q must start with a letter and hold only letters, digits and _", d.Name))
	case slices.Contains(reservedAttributes, d.Name) || (inPlural && d.Name == attrID):
		return fail(codeReservedAttribute, d.Name+" is a reserved attribute").with("attribute_name", d.Name)
	case !slices.Contains(userTypes, d.Type):
		return bad(fmt.Sprintf("attribute %s has unknown type %q", d.Name, d.Type))
	case d.Length != nil && (d.Type != typeString || *d.Length < 1):
		return bad(fmt.Sprintf("attribute %s: length is a positive number, for strings only", d.Name))
	case d.CaseSensitive != nil && d.Type != typeString:
		return bad(fmt.Sprintf("attribute %s: case-sensitive is for strings only", d.Name))
	case d.container() && len(d.AttrDefs) == 0:
		return bad(fmt.Sprintf("attribute %s: an %s needs attr_defs", d.Name, d.Type))
	case !d.container() && len(d.AttrDefs) > 0:
		return bad(fmt.Sprintf("attribute %s: only objects and plurals have attr_defs", d.Name))
	}
	if err := checkConstraints(d, arg, inPlural); err != nil {
		return err
	}
	if d.Features == nil {
		d.Features = []string{}
	}
	seen := map[string]bool{}
	for _, c := range d.AttrDefs {
		if err := checkAttrDef(c, arg, d.Type == typePlural); err != nil {
			return err
		}
		if seen[c.Name] {
			return bad(fmt.Sprintf("attribute %s has two children named %s", d.Name, c.Name))
		}
		seen[c.Name] = true
	}
	return nil
}

func checkConstraints(d *attrDef, arg string, inPlural bool) error {
	if d.Constraints == nil {
		d.Constraints = []string{}
	}
	for _, c := range d.Constraints {
		switch {
		case !slices.Contains(knownConstraints, c):
			return invalidArg(arg, fmt.Sprintf("unknown constraint %q", c))
		case c == constraintLocallyUnique && !inPlural:
			return invalidArg(arg, fmt.Sprintf("attribute %s: locally-unique applies to plural children only", d.Name))
		case c != constraintRequired && c != constraintUnique && c != constraintLocallyUnique && d.Type != typeString:
			return invalidArg(arg, fmt.Sprintf("attribute %s: %s applies to strings only", d.Name, c))
		case d.container() && c != constraintRequired:
			return invalidArg(arg, fmt.Sprintf("attribute %s: an %s takes no %s constraint", d.Name, d.Type, c))
		}
	}
	slices.Sort(d.Constraints)
	d.Constraints = slices.Compact(d.Constraints)
	return nil
}

// walkDefs visits every attribute definition below defs with its schema path.
func walkDefs(defs []*attrDef, prefix string, fn func(path string, d *attrDef)) {
	for _, d := range defs {
		p := joinPath(prefix, d.Name)
		fn(p, d)
		walkDefs(d.AttrDefs, p, fn)
	}
}

func joinPath(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}
