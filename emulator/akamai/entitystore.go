package akamai

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"golang.org/x/crypto/bcrypt"

	"github.com/idemu/idemu/emulator/store"
)

// entityDoc is a stored record: its attributes (system ones included) and, for password
// history, the hashes of its recent passwords.
type entityDoc struct {
	Attrs           map[string]any `json:"attrs"`
	PasswordHistory []string       `json:"password_history,omitempty"`
}

// entities is the collection of one entity type's records, keyed by zero-padded id so
// that a scan returns them in id order.
func entities(typeName string) store.Collection[entityDoc] {
	return store.Collection[entityDoc]{Name: "entity." + typeName}
}

func entityKey(id int64) string { return fmt.Sprintf("%015d", id) }

func (d entityDoc) id() int64 {
	n, _ := d.Attrs[attrID].(float64)
	return int64(n)
}

func (d entityDoc) uuid() string {
	s, _ := d.Attrs[attrUUID].(string)
	return s
}

const uuidIndex = "uuid"

// entityByUUID loads a record by uuid; 310 when there is none.
func entityByUUID(tx *store.Tx, app string, et *entityType, id string) (entityDoc, error) {
	key, err := tx.Lookup(app, entities(et.Name).Name, uuidIndex, id)
	if errors.Is(err, store.ErrNotFound) {
		return entityDoc{}, recordNotFound("no " + et.Name + " record has uuid " + id)
	}
	if err != nil {
		return entityDoc{}, err
	}
	return entities(et.Name).Get(tx, app, key)
}

func entityByID(tx *store.Tx, app string, et *entityType, id int64) (entityDoc, error) {
	doc, err := entities(et.Name).Get(tx, app, entityKey(id))
	if errors.Is(err, store.ErrNotFound) {
		return entityDoc{}, recordNotFound(fmt.Sprintf("no %s record has id %d", et.Name, id))
	}
	return doc, err
}

// entityByUnique loads a record by the value of an attribute with a unique constraint.
func entityByUnique(tx *store.Tx, app string, et *entityType, path string, d *attrDef, value any) (entityDoc, error) {
	key, err := tx.Lookup(app, entities(et.Name).Name, uniqueIndex(path), uniqueKey(d, value))
	if errors.Is(err, store.ErrNotFound) {
		return entityDoc{}, recordNotFound(fmt.Sprintf("no %s record has %s %v", et.Name, path, value))
	}
	if err != nil {
		return entityDoc{}, err
	}
	return entities(et.Name).Get(tx, app, key)
}

func uniqueIndex(path string) string { return "u." + path }

// uniqueKey is how a value is claimed in a unique index. The store folds case, so a
// case-sensitive string is claimed as its hex bytes instead.
func uniqueKey(d *attrDef, v any) string {
	if s, ok := v.(string); ok {
		if d.caseSensitive() {
			return "x" + hex.EncodeToString([]byte(s))
		}
		return "s" + s
	}
	b, _ := json.Marshal(v)
	return "j" + string(b)
}

// claims lists the unique values a record holds: index -> values.
func claims(et *entityType, attrs map[string]any) map[string][]string {
	out := map[string][]string{uuidIndex: {fmt.Sprint(attrs[attrUUID])}}
	walkDefs(et.AttrDefs, "", func(path string, d *attrDef) {
		if !d.has(constraintUnique) || d.container() {
			return
		}
		for _, l := range leaves(attrs, strings.Split(path, ".")) {
			if l.value != nil && l.value != "" {
				out[uniqueIndex(path)] = append(out[uniqueIndex(path)], uniqueKey(d, l.value))
			}
		}
	})
	return out
}

// reclaim moves a record's unique claims from its old values to its new ones, inside the
// write's transaction: of two concurrent writers of one value, the second gets 361.
func reclaim(tx *store.Tx, app string, et *entityType, key string, old, next map[string]any) error {
	if old != nil {
		if err := releaseClaims(tx, app, et, key, old); err != nil {
			return err
		}
	}
	if next == nil {
		return nil
	}
	return takeClaims(tx, app, et, key, next)
}

func releaseClaims(tx *store.Tx, app string, et *entityType, key string, attrs map[string]any) error {
	for index, values := range claims(et, attrs) {
		for _, v := range values {
			if err := tx.Release(app, entities(et.Name).Name, index, v, key); err != nil {
				return err
			}
		}
	}
	return nil
}

func takeClaims(tx *store.Tx, app string, et *entityType, key string, attrs map[string]any) error {
	for index, values := range claims(et, attrs) {
		seen := map[string]bool{}
		for _, v := range values {
			if seen[strings.ToLower(v)] {
				return uniqueViolation(strings.TrimPrefix(index, "u."))
			}
			seen[strings.ToLower(v)] = true
			err := tx.Claim(app, entities(et.Name).Name, index, v, key)
			if errors.Is(err, store.ErrDuplicate) {
				return uniqueViolation(strings.TrimPrefix(index, "u."))
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func uniqueViolation(path string) *apiError {
	return fail(codeUniqueViolation, "Attempted to update a duplicate value of "+path).with("attribute_name", path)
}

// finishPasswords hashes the passwords written in clear, refusing one the record used
// within its entity type's password history.
func finishPasswords(et *entityType, doc *entityDoc, cost int) error {
	var err error
	var walk func(defs []*attrDef, cur map[string]any, top bool)
	walk = func(defs []*attrDef, cur map[string]any, top bool) {
		for _, d := range defs {
			switch v := cur[d.Name].(type) {
			case pendingPassword:
				if err != nil {
					return
				}
				var hash []byte
				if top && d.Name == "password" && et.PasswordHistory > 0 {
					for _, old := range doc.PasswordHistory {
						if bcrypt.CompareHashAndPassword([]byte(old), []byte(v.plain)) == nil {
							err = fail(codeConstraintViolation, "password was used recently; choose another").with("attribute_name", "password")
							return
						}
					}
				}
				if hash, err = bcrypt.GenerateFromPassword([]byte(v.plain), cost); err != nil {
					return
				}
				cur[d.Name] = map[string]any{"type": bcryptPasswordType, "value": string(hash)}
				if top && d.Name == "password" {
					doc.PasswordHistory = append([]string{string(hash)}, doc.PasswordHistory...)
					doc.PasswordHistory = doc.PasswordHistory[:min(len(doc.PasswordHistory), max(et.PasswordHistory, 1))]
				}
			case map[string]any:
				walk(d.AttrDefs, v, false)
			case []any:
				for _, it := range v {
					if el, ok := it.(map[string]any); ok {
						walk(d.AttrDefs, el, false)
					}
				}
			}
		}
	}
	walk(et.AttrDefs, doc.Attrs, true)
	return err
}

// passwordMatches checks a clear password against a stored password attribute value.
func passwordMatches(stored any, plain string) bool {
	m, ok := stored.(map[string]any)
	if !ok {
		return false
	}
	hash, _ := m["value"].(string)
	return hash != "" && bcrypt.CompareHashAndPassword([]byte(hash), []byte(plain)) == nil
}

// storeNew saves a new record: its id, uuid and timestamps, its unique claims and the
// type's advanced id counter, all in the caller's transaction.
func storeNew(tx *store.Tx, app string, et *entityType, doc *entityDoc, pinnedUUID string, cost int) error {
	if err := finishPasswords(et, doc, cost); err != nil {
		return err
	}
	id := et.allocate()
	doc.Attrs[attrID] = float64(id)
	doc.Attrs[attrUUID] = uuid.NewString()
	if pinnedUUID != "" {
		doc.Attrs[attrUUID] = pinnedUUID
	}
	now := systemTime(tx.Now())
	doc.Attrs[attrCreated], doc.Attrs[attrLastUpdated] = now, now
	key := entityKey(id)
	if err := reclaim(tx, app, et, key, nil, doc.Attrs); err != nil {
		return err
	}
	if err := entities(et.Name).Insert(tx, app, key, *doc); err != nil {
		return err
	}
	if err := queueEntityEvent(tx, app, eventCreated, et, *doc); err != nil {
		return err
	}
	return saveCounter(tx, app, et)
}

// storeChanged saves a changed record. touchLastUpdated is false for metadata clients.
// Creating, changing and removing a record queue its Webhooks v3 events.
func storeChanged(tx *store.Tx, app string, et *entityType, old map[string]any, doc *entityDoc, cost int, touchLastUpdated bool) error {
	if err := finishPasswords(et, doc, cost); err != nil {
		return err
	}
	for _, k := range reservedAttributes {
		doc.Attrs[k] = old[k]
	}
	if touchLastUpdated {
		doc.Attrs[attrLastUpdated] = systemTime(tx.Now())
	}
	key := entityKey(doc.id())
	if err := reclaim(tx, app, et, key, old, doc.Attrs); err != nil {
		return err
	}
	if err := entities(et.Name).Put(tx, app, key, *doc); err != nil {
		return err
	}
	if err := queueEntityEvent(tx, app, eventUpdated, et, *doc); err != nil {
		return err
	}
	return saveCounter(tx, app, et) // plural elements may have taken ids
}

// removeEntity deletes a record, its unique claims and its access grants.
func removeEntity(tx *store.Tx, app string, et *entityType, doc entityDoc) error {
	key := entityKey(doc.id())
	if err := reclaim(tx, app, et, key, doc.Attrs, nil); err != nil {
		return err
	}
	if err := entities(et.Name).Delete(tx, app, key); err != nil {
		return err
	}
	if err := queueEntityEvent(tx, app, eventDeleted, et, doc); err != nil {
		return err
	}
	return revokeGrants(tx, app, doc.uuid())
}
