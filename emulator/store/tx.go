package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tidwall/buntdb"
)

// Tx is one transaction. It must not be used after the View or Update call that
// created it returns.
type Tx struct {
	btx *buntdb.Tx
	now time.Time
}

// Now is the emulator time, read once when the transaction started so that every
// expiry decision inside it agrees.
func (tx *Tx) Now() time.Time { return tx.now }

type docState int

const (
	docMissing docState = iota
	docLive
	docExpired
)

// get reads a document and classifies it against tx.now.
func (tx *Tx) get(tenant, coll, id string) (string, docState, error) {
	doc, err := tx.btx.Get(docKey(tenant, coll, id))
	if errors.Is(err, buntdb.ErrNotFound) {
		return "", docMissing, nil
	}
	if err != nil {
		return "", docMissing, err
	}
	exp, ok, err := tx.expiry(tenant, coll, id)
	if err != nil {
		return "", docMissing, err
	}
	if ok && !exp.After(tx.now) {
		return doc, docExpired, nil
	}
	return doc, docLive, nil
}

func (tx *Tx) expiry(tenant, coll, id string) (time.Time, bool, error) {
	v, err := tx.btx.Get(expKey(tenant, coll, id))
	if errors.Is(err, buntdb.ErrNotFound) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, err
	}
	t, err := parseExpiry(v)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("store: expiry of %s/%s/%s: %w", tenant, coll, id, err)
	}
	return t, true, nil
}

func parseExpiry(v string) (time.Time, error) { return time.Parse(time.RFC3339Nano, v) }

// GetRaw returns a live document's JSON, or ErrNotFound if it is missing or expired.
func (tx *Tx) GetRaw(tenant, coll, id string) ([]byte, error) {
	if err := checkNames(tenant, coll, id); err != nil {
		return nil, err
	}
	doc, st, err := tx.get(tenant, coll, id)
	if err != nil {
		return nil, err
	}
	if st != docLive {
		return nil, ErrNotFound
	}
	return []byte(doc), nil
}

// PutRaw creates or replaces a document. A zero expiresAt means it never expires
// and clears any expiry the document had.
func (tx *Tx) PutRaw(tenant, coll, id string, doc []byte, expiresAt time.Time) error {
	if err := checkNames(tenant, coll, id); err != nil {
		return err
	}
	if err := tx.setDoc(tenant, coll, id, doc); err != nil {
		return err
	}
	if expiresAt.IsZero() {
		return deleteKeys(tx.btx, []string{expKey(tenant, coll, id)})
	}
	_, _, err := tx.btx.Set(expKey(tenant, coll, id), expiresAt.UTC().Format(time.RFC3339Nano), nil)
	return err
}

// setDoc writes the document text only, leaving its expiry as it is.
func (tx *Tx) setDoc(tenant, coll, id string, doc []byte) error {
	// Snapshots are JSON, and only valid UTF-8 JSON survives them byte for byte.
	if !json.Valid(doc) || !utf8.Valid(doc) {
		return fmt.Errorf("store: document %s/%s/%s is not valid JSON", tenant, coll, id)
	}
	_, _, err := tx.btx.Set(docKey(tenant, coll, id), string(doc), nil)
	return err
}

// Delete removes a document and its expiry. Deleting an expired document purges it
// but still reports ErrNotFound, because to every reader it was already gone.
// Unique index entries are left alone: callers Release what they Claimed.
func (tx *Tx) Delete(tenant, coll, id string) error {
	if err := checkNames(tenant, coll, id); err != nil {
		return err
	}
	_, st, err := tx.get(tenant, coll, id)
	if err != nil {
		return err
	}
	if st == docMissing {
		return ErrNotFound
	}
	if err := deleteKeys(tx.btx, []string{docKey(tenant, coll, id), expKey(tenant, coll, id)}); err != nil {
		return err
	}
	if st == docExpired {
		return ErrNotFound
	}
	return nil
}

// Scan calls fn for each live document of a collection in ascending id order until
// fn returns false. Documents are collected before fn runs, so fn may write.
func (tx *Tx) Scan(tenant, coll string, fn func(id string, doc []byte) bool) error {
	if err := checkNames(tenant, coll); err != nil {
		return err
	}
	type entry struct{ id, doc string }
	var docs []entry
	dp := docPrefix(tenant, coll)
	if err := ascendPrefix(tx.btx, dp, func(k, v string) bool {
		docs = append(docs, entry{strings.TrimPrefix(k, dp), v})
		return true
	}); err != nil {
		return err
	}
	expired := map[string]bool{}
	xp := expPrefix(tenant, coll)
	var perr error
	if err := ascendPrefix(tx.btx, xp, func(k, v string) bool {
		t, err := parseExpiry(v)
		if err != nil {
			perr = fmt.Errorf("store: expiry of %s: %w", k, err)
			return false
		}
		if !t.After(tx.now) {
			expired[strings.TrimPrefix(k, xp)] = true
		}
		return true
	}); err != nil {
		return err
	}
	if perr != nil {
		return perr
	}
	for _, d := range docs {
		if expired[d.id] {
			continue
		}
		if !fn(d.id, []byte(d.doc)) {
			return nil
		}
	}
	return nil
}

// Count is the number of live documents in a collection.
func (tx *Tx) Count(tenant, coll string) (int, error) {
	n := 0
	err := tx.Scan(tenant, coll, func(string, []byte) bool { n++; return true })
	return n, err
}

// Claim records that id holds value in a unique index. Values are compared trimmed
// and case-folded, since that is how emails and usernames are meant to collide.
// An empty value claims nothing. A value held by a different id yields a
// *DuplicateError, unless the holder's document has expired, in which case the
// stale claim is taken over.
func (tx *Tx) Claim(tenant, coll, index, value, id string) error {
	if err := checkNames(tenant, coll, index, id); err != nil {
		return err
	}
	v := normalise(value)
	if v == "" {
		return nil
	}
	holder, err := tx.holder(tenant, coll, index, v)
	if err != nil {
		return err
	}
	if holder != "" && holder != id {
		return &DuplicateError{Collection: coll, Index: index, Value: v, HeldBy: holder}
	}
	_, _, err = tx.btx.Set(uniqKey(tenant, coll, index, v), id, nil)
	return err
}

// Release drops id's claim on value. A value that is absent or held by someone
// else is left alone, so releasing is always safe to repeat.
func (tx *Tx) Release(tenant, coll, index, value, id string) error {
	if err := checkNames(tenant, coll, index, id); err != nil {
		return err
	}
	v := normalise(value)
	if v == "" {
		return nil
	}
	key := uniqKey(tenant, coll, index, v)
	cur, err := tx.btx.Get(key)
	if errors.Is(err, buntdb.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if cur != id {
		return nil
	}
	return deleteKeys(tx.btx, []string{key})
}

// Lookup returns the id holding value, or ErrNotFound.
func (tx *Tx) Lookup(tenant, coll, index, value string) (string, error) {
	if err := checkNames(tenant, coll, index); err != nil {
		return "", err
	}
	v := normalise(value)
	if v == "" {
		return "", ErrNotFound
	}
	holder, err := tx.holder(tenant, coll, index, v)
	if err != nil {
		return "", err
	}
	if holder == "" {
		return "", ErrNotFound
	}
	return holder, nil
}

// holder returns the id owning a normalised value, or "" if none. A claim whose
// holder document exists but has expired counts as released. A claim without any
// document stays valid: callers may reserve values for ids stored elsewhere.
func (tx *Tx) holder(tenant, coll, index, v string) (string, error) {
	id, err := tx.btx.Get(uniqKey(tenant, coll, index, v))
	if errors.Is(err, buntdb.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	_, st, err := tx.get(tenant, coll, id)
	if err != nil {
		return "", err
	}
	if st == docExpired {
		return "", nil
	}
	return id, nil
}
